import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-ports.js';
import { trackOpen } from './open-resources.js';

const run = promisify(execFile);

/** A PostgreSQL cluster of a test's own on a free loopback port, run by deploy/local/postgres/ (one recipe). */
export interface LocalPostgres {
  /** DATABASE_URL of its `chargeplane` database (superuser postgres, trust). */
  databaseUrl: string;
  port: number;
  /** Stops it (pg_ctl stop -m fast: every connection is cut), data kept. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  startServer(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** Starts a cluster under `dir` (CP_PG_DIR) through deploy/local/postgres/start.sh. Tracked like every resource. */
export async function startLocalPostgres(root: string, dir: string): Promise<LocalPostgres> {
  const [port] = (await freePorts(1)) as [number];
  const env = { ...process.env, CP_PG_DIR: dir };
  const sh = async (name: string, ...args: string[]) => {
    try {
      await run('bash', [join(root, 'deploy/local/postgres', name), ...args], { env, timeout: 180_000 });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`deploy/local/postgres/${name} failed: ${(e.stderr ?? e.message).trim()}`);
    }
  };
  const startServer = () => sh('start.sh', String(port), 'postgres', 'chargeplane');
  const stopServer = () => sh('stop.sh');
  const stop = trackOpen(async () => {
    await stopServer();
    await rm(dir, { recursive: true, force: true });
  });
  try {
    await startServer();
    return { databaseUrl: `postgres://postgres@127.0.0.1:${port}/chargeplane`, port, stopServer, startServer, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
