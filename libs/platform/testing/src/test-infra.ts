import pg from 'pg';
import { trackOpen } from './open-resources.js';
import { belongsToRun, newRunId } from './run-id.js';
import { removeResources, type RunServices } from './run-resources.js';

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
  /** Unique per run: NATS subject/stream prefix, Kafka topic prefix and group id stem (see `newRunId`). */
  runId: string;
  /** The Postgres schema created for this run. */
  schema: string;
  /**
   * Removes everything whose name starts with `runId` (JetStream streams with their consumers, Kafka topics and
   * consumer groups, PostgreSQL schemas), then stops any container. Idempotent; when the suite never calls it
   * (a `beforeAll` that failed half-way), the shared setup file does after the file's last test.
   */
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

/** Removes every resource of run `runId` from `services`; failures are reported, never thrown (see `stop`). */
async function removeRun(services: RunServices, runId: string): Promise<void> {
  const ours = (name: string) => belongsToRun(name, runId);
  await removeResources(services, { stream: ours, kafka: ours, schema: ours }).catch((error: unknown) => {
    // A cleanup that fails must not fail the suite that passed; the sweep at the start of `npm test` removes
    // the rest once the run is old (sweep-stale.ts).
    console.warn(`[test-infra] run ${runId}: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/**
 * Provides real NATS/PostgreSQL/Kafka for a suite: DATABASE_URL, NATS_URL, KAFKA_BROKERS when set,
 * otherwise testcontainers (imported lazily). Creates a fresh schema for this run; `stop()` removes all that
 * carries the run's id and stops whatever was started, in reverse order.
 */
export async function provideInfra(needs: InfraNeeds, env = process.env): Promise<TestInfra> {
  const stoppers: Stopper[] = [];
  const sources: string[] = [];
  const runId = newRunId();
  const schema = runId;
  const services: RunServices = {};
  const stop = trackOpen(async () => {
    await removeRun(services, runId);
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  });
  try {
    let databaseUrl = '';
    if (needs.postgres) {
      const base = await resolve('postgres', env['DATABASE_URL'], stoppers, sources);
      services.databaseUrl = base;
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`CREATE SCHEMA "${schema}"`).finally(() => client.end());
      databaseUrl = withSearchPath(base, schema);
    }
    const natsUrl = needs.nats ? await resolve('nats', env['NATS_URL'], stoppers, sources) : '';
    if (natsUrl) services.natsUrl = natsUrl;
    const kafka = needs.kafka ? await resolve('kafka', env['KAFKA_BROKERS'], stoppers, sources) : '';
    if (kafka) services.kafkaBrokers = kafka.split(',');
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
