import 'reflect-metadata';
import { streams } from '@chargeplane/contracts-api';
import { loadConfig } from '@chargeplane/platform-config';
import { createDataSource, migrate } from '@chargeplane/platform-event-store';
import { NatsBus, streamPolicyFromEnv, type StreamReport } from '@chargeplane/platform-messaging';
import pg from 'pg';
import { checkAutovacuum } from './autovacuum-check.js';
import { ProvisionConfig } from './config.schema.js';
import { allMigrations } from './migrations.js';

/** Creates what the platform needs before its apps start: the database, its schema (migrations), the JetStream streams. */
async function main(): Promise<void> {
  const config = loadConfig('provision', ProvisionConfig, process.env);
  await ensureDatabase(config.DATABASE_URL);
  const db = createDataSource(config.DATABASE_URL, allMigrations, 2);
  await db.initialize();
  const applied = await migrate(db);
  await checkAutovacuum(
    (sql) => db.query(sql),
    (line) => console.warn(line),
  );
  await db.destroy();
  console.log(
    applied.length > 0
      ? `provision: applied migrations ${applied.join(', ')}`
      : 'provision: database schema is up to date',
  );
  const bus = await NatsBus.connect({ url: config.NATS_URL, name: 'provision', prefix: config.NATS_PREFIX });
  // Provisioning is where existing streams are brought to the configured limits (apps only create missing ones).
  const reports = await bus.ensureStreams(Object.values(streams), {
    policy: streamPolicyFromEnv(config),
    update: true,
  });
  for (const report of reports) logStream(report);
  console.log(
    `provision: JetStream streams ${Object.values(streams)
      .map((s) => bus.stream(s.name))
      .join(', ')} ready (nats-server ${bus.nc.info?.version ?? '?'})`,
  );
  await bus.close();
}

function logStream(report: StreamReport): void {
  const what = report.changes.length > 0 ? `: ${report.changes.join(', ')}` : '';
  console.log(`provision: stream ${report.stream} ${report.action}${what}`);
  for (const line of [...report.refused, ...report.notes])
    console.warn(`provision: stream ${report.stream} warning: ${line}`);
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  admin.search = '';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (cause) {
    throw new Error(
      `cannot reach PostgreSQL at ${target.host} (set DATABASE_URL; is PostgreSQL running?): ${String(cause)}`,
      { cause },
    );
  }
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.log(`provision: created database ${name}`);
  }
  await client.end();
}

main().catch((error: unknown) => {
  console.error(`provision failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
