import { randomUUID } from 'node:crypto';
import { streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, type NewEvent } from '@chargeplane/contracts-events';
import { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { CreateTwins1732500002000 } from './migrations/1732500002000-create-twins.js';
import { TwinProjection } from './twin.projection.js';
import { TwinRepository } from './twin.repository.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
const event = (chargerId: string, tenantId: string, type: string, data: Record<string, unknown>, minute: number): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  tenantId,
  chargerId,
  occurredAt: at(minute),
  correlationId: 'c',
  causationId: null,
  data,
});
const history = (chargerId: string, tenantId: string) => [
  event(chargerId, tenantId, 'ChargerRegistered', { tenantId, model: 'zappi', jurisdiction: 'GB', tags: ['north'], credentialsHash: 'x' }, 0),
  event(chargerId, tenantId, 'ChargerConnected', { edgeId: 'e1', connectionId: 'k1' }, 1),
  event(chargerId, tenantId, 'ChargerBooted', { chargePointVendor: 'myenergi', chargePointModel: 'zappi', firmwareVersion: '5.5.1', chargePointSerialNumber: null }, 1),
];

describe('Twin projection (real PostgreSQL and NATS)', () => {
  let infra: TestInfra;
  let db: DataSource;
  let store: PostgresEventStore;
  let twins: TwinRepository;
  let projection: TwinProjection;
  let bus: NatsBus;

  beforeAll(async () => {
    infra = await provideInfra({ postgres: true, nats: true });
    db = createDataSource(infra.databaseUrl, [...eventStoreMigrations, CreateTwins1732500002000]);
    await db.initialize();
    await migrate(db);
    store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    twins = new TwinRepository(db);
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'twin-test', prefix: infra.runId });
    projection = new TwinProjection(bus, db, twins, store, createLogger('twin-test', 'silent'));
  });
  afterAll(async () => {
    await bus?.close();
    await db?.destroy();
    await infra?.stop();
  });

  it('applies a duplicate delivery once and fills a gap from the event store', async () => {
    const stored = await store.append(chargerStreamId('T1'), 0, history('T1', 'tenant-a'));
    await projection.apply(stored[0]!);
    await projection.apply(stored[0]!); // redelivered
    await projection.apply(stored[2]!); // version 3 before 2: the projection reads 2 from the store first
    const twin = await twins.find('tenant-a', 'T1');
    expect(twin).toMatchObject({ version: 3, connected: true, firmwareVersion: '5.5.1', tags: ['north'] });
    await projection.apply(stored[1]!); // late, older: no change
    expect((await twins.find('tenant-a', 'T1'))?.version).toBe(3);
  });

  it('never shows one tenant another tenant’s twins', async () => {
    const b = await store.append(chargerStreamId('T2'), 0, history('T2', 'tenant-b'));
    for (const e of b) await projection.apply(e);
    expect(await twins.find('tenant-a', 'T2')).toBeNull();
    const pageA = await twins.list({ tenantId: 'tenant-a', limit: 50 }, new Date());
    expect(pageA.docs.map((d) => d.chargerId)).toEqual(['T1']);
    const connectedB = await twins.list({ tenantId: 'tenant-b', connected: true, tag: 'north', limit: 50 }, new Date());
    expect(connectedB.docs.map((d) => d.chargerId)).toEqual(['T2']);
  });

  it('consumes the charger stream from JetStream and acknowledges only what it stored', async () => {
    await bus.ensureStreams([streams.chargerEvents]);
    const events = await store.append(chargerStreamId('T3'), 0, history('T3', 'tenant-a'));
    for (const e of [...events, events[1]!]) await bus.publish(subjects.chargerEvents('T3'), e);
    await projection.start(`twin-test-${infra.runId}`);
    await vi.waitFor(async () => expect((await twins.find('tenant-a', 'T3'))?.version).toBe(3), { timeout: 5000 });
    await projection.stop();
    await bus.deleteStreams([streams.chargerEvents]);
  });
});
