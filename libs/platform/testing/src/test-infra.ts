import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** What an integration suite needs; each need is resolved from the environment first, then a container. */
export interface InfraNeeds {
  postgres?: boolean;
  nats?: boolean;
  kafka?: boolean;
}

/** Resolved infrastructure for one test run, isolated from other runs on the same shared services. */
export interface TestInfra {
  /** A DATABASE_URL whose connections use this run's own schema (search_path). */
  databaseUrl: string;
  natsUrl: string;
  kafkaBrokers: string[];
  /** Unique per run: NATS subject/stream prefix, Kafka topic prefix and group id stem. */
  runId: string;
  /** The Postgres schema created for this run. */
  schema: string;
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

const INFRA_VARS = 'DATABASE_URL, NATS_URL and KAFKA_BROKERS';
let announced = false;

async function fromContainer(kind: 'postgres' | 'nats' | 'kafka', stoppers: Stopper[]): Promise<string> {
  // Loaded lazily: a run that takes its services from the environment never touches testcontainers.
  const tc = await import('testcontainers');
  if (kind === 'postgres') {
    const c = await new tc.GenericContainer('postgres:16')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'chargeplane' })
      .withExposedPorts(5432)
      .withWaitStrategy(tc.Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    stoppers.push(async () => void (await c.stop()));
    return `postgres://postgres@${c.getHost()}:${c.getMappedPort(5432)}/chargeplane`;
  }
  if (kind === 'nats') {
    const c = await new tc.GenericContainer('nats:2.10').withCommand(['-js']).withExposedPorts(4222).start();
    stoppers.push(async () => void (await c.stop()));
    return `nats://${c.getHost()}:${c.getMappedPort(4222)}`;
  }
  const c = await new tc.GenericContainer('apache/kafka:3.9.1').withExposedPorts(9092).start();
  stoppers.push(async () => void (await c.stop()));
  return `${c.getHost()}:${c.getMappedPort(9092)}`;
}

async function resolve(
  kind: 'postgres' | 'nats' | 'kafka',
  envValue: string | undefined,
  stoppers: Stopper[],
  sources: string[],
): Promise<string> {
  if (envValue) {
    sources.push(`${kind}: environment`);
    return envValue;
  }
  const url = await fromContainer(kind, stoppers);
  sources.push(`${kind}: container`);
  return url;
}

/** Adds `-c search_path=<schema>` to a PostgreSQL URL so every connection from it works in that schema. */
export function withSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/**
 * Provides real NATS/PostgreSQL/Kafka for a suite: DATABASE_URL, NATS_URL, KAFKA_BROKERS when set,
 * otherwise testcontainers (imported lazily). Creates a fresh schema for this run; `stop()` drops it
 * and stops whatever was started, in reverse order.
 */
export async function provideInfra(needs: InfraNeeds, env = process.env): Promise<TestInfra> {
  const stoppers: Stopper[] = [];
  const sources: string[] = [];
  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const schema = runId;
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  try {
    let databaseUrl = '';
    if (needs.postgres) {
      const base = await resolve('postgres', env['DATABASE_URL'], stoppers, sources);
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.end();
      stoppers.push(async () => {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      });
      databaseUrl = withSearchPath(base, schema);
    }
    const natsUrl = needs.nats ? await resolve('nats', env['NATS_URL'], stoppers, sources) : '';
    const kafka = needs.kafka ? await resolve('kafka', env['KAFKA_BROKERS'], stoppers, sources) : '';
    if (!announced) {
      announced = true;
      console.info(`[test-infra] ${sources.join(', ')}`);
    }
    return { databaseUrl, natsUrl, kafkaBrokers: kafka ? kafka.split(',') : [], runId, schema, stop };
  } catch (cause) {
    await stop();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `Integration tests need real infrastructure: set ${INFRA_VARS} (see README), or provide a container runtime for testcontainers. Cause: ${reason}`,
      { cause },
    );
  }
}
