import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

// deploy/local/nats/ and deploy/local/postgres/ (issue 15 point 9): with nothing answering at NATS_URL and
// DATABASE_URL, ensure.sh starts project-local servers. The scripts run from a copy in a temporary folder, so
// their .local/ is that folder's and neither the machine's servers nor this checkout's are touched.
const root = resolve(import.meta.dirname, '../../../..');
const haveBinaries =
  ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].some(existsSync) &&
  ['/usr/lib/postgresql', '/usr/local/pgsql/bin'].some(existsSync);
const skipReason = haveBinaries ? '' : ' [skipped: needs nats-server and PostgreSQL server binaries]';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

function sh(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile('bash', [script], { env: { ...process.env, ...env }, timeout: 90_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

describe('project-local NATS and PostgreSQL when none answers (deploy/local)', () => {
  let copy: string;
  const scripts = (name: string) => join(copy, 'deploy/local', name);

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'cp-local-servers-'));
    chmodSync(copy, 0o755); // as root, PostgreSQL runs as an unprivileged account that must reach .local/
    for (const part of ['server-lib.sh', 'nats', 'postgres']) {
      cpSync(join(root, 'deploy/local', part), join(copy, 'deploy/local', part), { recursive: true });
    }
  });
  afterAll(async () => {
    await sh(scripts('nats/stop.sh'), {});
    await sh(scripts('postgres/stop.sh'), {});
    rmSync(copy, { recursive: true, force: true });
  });

  it.skipIf(!haveBinaries)(
    `start on the URLs' ports, answer (JetStream, the named database), are reused, and stop${skipReason}`,
    async () => {
      const natsPort = await freePort();
      const pgPort = await freePort();
      const env = {
        NATS_URL: `nats://127.0.0.1:${natsPort}`,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/chargeplane_local`,
      };

      const nats = await sh(scripts('nats/ensure.sh'), env);
      expect(nats.output).toContain(`started NATS with JetStream at 127.0.0.1:${natsPort}`);
      const db = await sh(scripts('postgres/ensure.sh'), env);
      expect(db.output).toContain(`started PostgreSQL at 127.0.0.1:${pgPort}`);
      expect(db.output).toContain(`created the database 'chargeplane_local'`);
      expect(existsSync(join(copy, '.local/nats/jetstream'))).toBe(true);
      expect(existsSync(join(copy, '.local/postgres/data/PG_VERSION'))).toBe(true);

      const nc = await connect({ servers: env.NATS_URL });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'LOCAL_CHECK', subjects: ['local.check'] });
      expect((await jsm.streams.info('LOCAL_CHECK')).config.name).toBe('LOCAL_CHECK');
      await nc.close();
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      await client.end();
      expect(rows[0]?.db).toBe('chargeplane_local');

      expect((await sh(scripts('nats/ensure.sh'), env)).output).toContain(`using NATS at 127.0.0.1:${natsPort}`);
      expect((await sh(scripts('postgres/ensure.sh'), env)).output).toContain(
        `using PostgreSQL at 127.0.0.1:${pgPort}`,
      );

      expect((await sh(scripts('nats/stop.sh'), {})).output).toContain('local NATS stopped');
      expect((await sh(scripts('postgres/stop.sh'), {})).output).toContain('local PostgreSQL stopped');
      expect((await sh(scripts('nats/ensure.sh'), env)).output).toContain('started NATS'); // the store is kept
      expect((await sh(scripts('nats/stop.sh'), {})).code).toBe(0);
    },
    120_000,
  );

  it('say clearly when the port is taken by something else, and start nothing there', async () => {
    const squatter = createServer((socket) => socket.end()).listen(0, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    const address = squatter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const nats = await sh(scripts('nats/ensure.sh'), { NATS_URL: `nats://127.0.0.1:${port}` });
      expect(nats.code).not.toBe(0);
      expect(nats.output).toContain(`127.0.0.1:${port} accepts connections but does not answer as NATS`);
      const db = await sh(scripts('postgres/ensure.sh'), { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/x` });
      expect(db.code).not.toBe(0);
      expect(db.output).toContain(`127.0.0.1:${port} accepts connections but does not answer as PostgreSQL`);
    } finally {
      squatter.close();
    }
  });

  it('name the variable to set when the address is not this machine', async () => {
    const nats = await sh(scripts('nats/ensure.sh'), { NATS_URL: 'nats://192.0.2.1:4222' });
    expect(nats.code).not.toBe(0);
    expect(nats.output).toContain('no NATS at NATS_URL=nats://192.0.2.1:4222');
    const db = await sh(scripts('postgres/ensure.sh'), { DATABASE_URL: 'postgres://u@192.0.2.1:5432/x' });
    expect(db.code).not.toBe(0);
    expect(db.output).toContain('no PostgreSQL at DATABASE_URL=postgres://u@192.0.2.1:5432/x');
  }, 30_000);
});
