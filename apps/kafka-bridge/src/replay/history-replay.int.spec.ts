import { randomUUID } from 'node:crypto';
import { subjects, topics } from '@chargeplane/contracts-api';
import { chargerStreamId, complianceStreamId, type NewEvent } from '@chargeplane/contracts-events';
import { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { KafkaPublisher } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { readTopic } from '../bridge.spec-support.js';
import { HistoryReplay } from './history-replay.js';

const event = (chargerId: string, tenantId: string, type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  tenantId,
  chargerId,
  occurredAt: new Date().toISOString(),
  correlationId: 'c',
  causationId: null,
  data,
});
const registered = (c: string, t: string) =>
  event(c, t, 'ChargerRegistered', {
    tenantId: t,
    model: 'zappi',
    jurisdiction: 'GB',
    tags: [],
    credentialsHash: 'scrypt$secret',
  });
const connected = (c: string, t: string, n: number) =>
  event(c, t, 'ChargerConnected', { edgeId: 'e', connectionId: `k${n}` });

describe('Replay of stored history (real PostgreSQL and Kafka)', () => {
  let infra: TestInfra;
  let db: DataSource;
  let kafka: KafkaPublisher;
  let replay: HistoryReplay;
  let prefix: string;
  const history = new Map<string, string[]>();

  beforeAll(async () => {
    infra = await provideInfra({ postgres: true, kafka: true });
    db = createDataSource(infra.databaseUrl, eventStoreMigrations, 2);
    await db.initialize();
    await migrate(db);
    const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    for (const [chargerId, tenant] of [
      ['A-1', 'tenant-a'],
      ['A-2', 'tenant-a'],
      ['B-1', 'tenant-b'],
    ] as const) {
      const events = [registered(chargerId, tenant), ...[2, 3, 4].map((n) => connected(chargerId, tenant, n))];
      await store.append(chargerStreamId(chargerId), 0, events);
      history.set(
        chargerId,
        events.map((e) => e.id),
      );
    }
    const audit = event('A-1', 'tenant-a', 'PlatformDelayActivated', { maxDelaySeconds: 600 });
    await store.append(complianceStreamId('A-1'), 0, [audit]);
    history.set('A-1/compliance', [audit.id]);
    kafka = new KafkaPublisher(infra.kafkaBrokers, 'replay-test');
    await kafka.connect();
    prefix = `${infra.runId}.`;
    await kafka.ensureTopics(
      [topics.chargerEvents, topics.compliance].map((t) => ({
        topic: `${prefix}${t}`,
        partitions: 3,
        replicationFactor: 1,
      })),
    );
    replay = new HistoryReplay(store, db, kafka, prefix, 2, createLogger('replay-test', 'silent'));
  });
  afterAll(async () => {
    await kafka?.disconnect();
    await db?.destroy();
    await infra?.stop();
  });

  it('republishes one charger’s history in order, marked as replay, and its compliance audit', async () => {
    const summary = await replay.replayCharger('A-1');
    expect(summary).toEqual({ streams: 2, events: 5, published: 5, skipped: 0 });
    const records = await readTopic(infra.kafkaBrokers, `${prefix}${topics.chargerEvents}`, (r) => r.length >= 4);
    expect(records.map((r) => r.id)).toEqual(history.get('A-1'));
    expect(records.every((r) => r.key === 'A-1' && r.headers['replay'] === 'true')).toBe(true);
    expect(JSON.stringify(records)).not.toContain('scrypt');
    const audit = await readTopic(infra.kafkaBrokers, `${prefix}${topics.compliance}`, (r) => r.length >= 1);
    expect(audit.map((r) => [r.id, r.headers['type'], r.headers['replay']])).toEqual([
      [history.get('A-1/compliance')![0], 'PlatformDelayActivated', 'true'],
    ]);
  });

  it('republishes every charger of a tenant, and only those', async () => {
    const summary = await replay.replayTenant('tenant-a');
    expect(summary).toMatchObject({ streams: 3, events: 9, published: 9 });
    // A-1 was replayed once already (previous test): its history appears twice, in order each time.
    const records = await readTopic(infra.kafkaBrokers, `${prefix}${topics.chargerEvents}`, (r) => r.length >= 4 + 8);
    const ids = (c: string) => records.filter((r) => r.key === c).map((r) => r.id);
    expect(ids('A-1')).toEqual([...history.get('A-1')!, ...history.get('A-1')!]);
    expect(ids('A-2')).toEqual(history.get('A-2'));
    expect(ids('B-1')).toEqual([]);
  });
});
