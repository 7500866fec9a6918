import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { eventually, startLocalPostgres, type LocalPostgres } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { createDataSource, eventStoreMigrations, migrate } from './data-source.js';
import { anEvent, relayLimits } from './event-store.spec-support.js';
import { OutboxRelay } from './outbox-relay.js';
import { PostgresEventStore } from './postgres-event-store.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The relay's LISTEN connection is cut when PostgreSQL restarts. With the poll an hour away, an event appended after
 * the restart reaches the bus only if the relay listens again: it reconnects with backoff.
 */
describe('outbox relay across a PostgreSQL restart (a PostgreSQL of its own)', () => {
  let pg: LocalPostgres;
  let db: DataSource;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    pg = await startLocalPostgres(ROOT, await mkdtemp(join(tmpdir(), 'cp-relay-restart-')));
    db = createDataSource(pg.databaseUrl, eventStoreMigrations);
    await db.initialize();
    await migrate(db);
  }, 240_000);
  afterAll(async () => {
    await relay?.stop();
    await db?.destroy();
    await pg?.stop();
  }, 120_000);

  it('listens again once PostgreSQL is back, so an event appended then is published without a poll', async () => {
    const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    const published: EventEnvelope[] = [];
    const errors: unknown[] = [];
    relay = new OutboxRelay(db, async (_subject, event) => void published.push(event), {
      databaseUrl: pg.databaseUrl,
      ...relayLimits,
      pollMs: 3_600_000,
      onError: (e) => errors.push(e),
    });
    await relay.start();
    const before = anEvent('B');
    await store.append('charger-B', 0, [before]);
    await eventually(async () => (published.some((e) => e.id === before.id) ? true : undefined), 30_000);

    await pg.stopServer();
    await pg.startServer();
    const after = anEvent('A');
    // The pool may hand out a connection the restart cut once: that append fails and is tried again.
    await eventually(async () => {
      await store.append('charger-A', 0, [after]);
      return true;
    }, 60_000);
    await eventually(async () => (published.some((e) => e.id === after.id) ? true : undefined), 90_000);
    expect(published.map((e) => e.id)).toEqual([before.id, after.id]);
    expect(errors.length).toBeGreaterThan(0); // the lost connection was reported, not thrown
  }, 240_000);
});
