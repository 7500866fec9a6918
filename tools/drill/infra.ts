import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts, startNatsCluster, type NatsCluster } from '@chargeplane/platform-testing';

const run = promisify(execFile);

/**
 * The drill's own servers, so the machine's are left alone: a 3-node NATS cluster, a PostgreSQL cluster made with
 * initdb/pg_ctl, a Kafka broker, each on free loopback ports under the run's directory, started and restarted by
 * the project's deploy/local scripts (one recipe each).
 */
export interface DrillInfra {
  nats: NatsCluster;
  databaseUrl: string;
  kafkaBrokers: string;
  restartPostgres(): Promise<void>;
  restartKafka(): Promise<void>;
  stop(): Promise<void>;
}

async function script(root: string, path: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run('bash', [join(root, 'deploy/local', path), ...args], {
      env: { ...process.env, ...env },
      timeout: 180_000,
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`deploy/local/${path} failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-5).join(' | ')}`);
  }
}

export async function startDrillInfra(root: string, dir: string, log: (line: string) => void): Promise<DrillInfra> {
  const [pgPort, kafkaPort, controllerPort] = (await freePorts(3)) as [number, number, number];
  // PostgreSQL runs as an unprivileged account (as root), which must reach its directory: the run's directory may
  // sit below one that account cannot search (a test's mkdtemp directory is 0700, a checkout under a private
  // home), so the cluster gets a directory of its own under the system's temporary directory, open to search.
  const pgHome = mkdtempSync(join(tmpdir(), 'cp-drill-pg-'));
  chmodSync(pgHome, 0o755);
  const pgEnv = { CP_PG_DIR: join(pgHome, 'postgres') };
  const kafkaEnv = {
    CP_KAFKA_DIR: join(dir, 'kafka'),
    CP_KAFKA_PORT: String(kafkaPort),
    CP_KAFKA_CONTROLLER_PORT: String(controllerPort),
  };
  const stops: (() => Promise<void>)[] = [async () => rmSync(pgHome, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`drill: cleanup: ${String(e)}`));
  };
  try {
    log('drill: starting a 3-node NATS cluster');
    const nats = await startNatsCluster(root, join(dir, 'nats'));
    stops.push(() => nats.stop());
    log(`drill: starting PostgreSQL (initdb, pg_ctl) in ${pgEnv.CP_PG_DIR}`);
    await script(root, 'postgres/start.sh', [String(pgPort), 'postgres', 'chargeplane'], pgEnv);
    stops.push(() => script(root, 'postgres/stop.sh', [], pgEnv));
    log('drill: starting Kafka');
    await script(root, 'kafka/start.sh', [], kafkaEnv);
    stops.push(() => script(root, 'kafka/stop.sh', [], kafkaEnv));
    return {
      nats,
      databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/chargeplane`,
      kafkaBrokers: `127.0.0.1:${kafkaPort}`,
      restartPostgres: async () => {
        await script(root, 'postgres/stop.sh', [], pgEnv);
        await script(root, 'postgres/start.sh', [String(pgPort), 'postgres', 'chargeplane'], pgEnv);
      },
      restartKafka: async () => {
        await script(root, 'kafka/stop.sh', [], kafkaEnv);
        await script(root, 'kafka/start.sh', [], kafkaEnv);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
