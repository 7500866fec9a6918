import { randomUUID } from 'node:crypto';
import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope, NewEvent } from '@chargeplane/contracts-events';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { createDataSource, eventStoreMigrations, migrate } from './data-source.js';
import { OutboxRelay } from './outbox-relay.js';
import { PostgresEventStore } from './postgres-event-store.js';

const anEvent = (chargerId: string): NewEvent => ({
  id: randomUUID(),
  type: 'ChargerBooted',
  schemaVersion: 1,
  tenantId: 'tenant-a',
  chargerId,
  occurredAt: '2026-11-25T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: null,
  data: {},
});

describe('outbox relay when a publish fails (real PostgreSQL)', () => {
  let infra: TestInfra;
  let db: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    infra = await provideInfra({ postgres: true });
    db = createDataSource(infra.databaseUrl, eventStoreMigrations);
    await db.initialize();
    await migrate(db);
    store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
  });
  afterAll(async () => {
    await db?.destroy();
    await infra?.stop();
  });

  it('keeps the failed stream’s later events for the next pass, publishes the other streams, and loses nothing', async () => {
    const x = [anEvent('X'), anEvent('X'), anEvent('X')];
    const y = [anEvent('Y'), anEvent('Y')];
    await store.append('charger-X', 0, x.slice(0, 1));
    await store.append('charger-Y', 0, y);
    await store.append('charger-X', 1, x.slice(1));
    const published: EventEnvelope[] = [];
    let failNext = x[1]!.id;
    const relay = new OutboxRelay(
      db,
      async (_subject, event) => {
        if (event.id === failNext) {
          failNext = '';
          throw new Error('JetStream did not acknowledge');
        }
        published.push(event);
      },
      { databaseUrl: infra.databaseUrl },
    );

    await expect(relay.drainOnce()).rejects.toThrow('JetStream did not acknowledge');
    expect(published.map((e) => e.id).sort()).toEqual([x[0]!.id, ...y.map((e) => e.id)].sort());
    const left = (await db.query(`SELECT event_id::text AS id FROM outbox ORDER BY outbox.id`)) as { id: string }[];
    expect(left.map((r) => r.id)).toEqual([x[1]!.id, x[2]!.id]);

    expect(await relay.drainOnce()).toBe(2);
    const ofStream = (streamId: string) => published.filter((e) => e.streamId === streamId).map((e) => e.id);
    expect(ofStream('charger-X')).toEqual(x.map((e) => e.id));
    expect(ofStream('charger-Y')).toEqual(y.map((e) => e.id));
    expect(await db.query(`SELECT 1 FROM outbox`)).toHaveLength(0);
  });
});
