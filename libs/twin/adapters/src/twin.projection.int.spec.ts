import { chargerPartition, DEFAULT_CHARGER_PARTITIONS, streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId } from '@chargeplane/contracts-events';
import { partitionDurable } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { TwinProjection } from './twin.projection.js';
import { onboarding, provideTwinInfra, recorder, writeCycle, type TwinInfra } from './twin-test.spec-support.js';

const history = (chargerId: string, tenantId: string) => onboarding(chargerId, tenantId).slice(0, 3);

describe('Twin projection (real PostgreSQL and NATS)', () => {
  let t: TwinInfra;
  let projection: TwinProjection;
  const seen = recorder();

  beforeAll(async () => {
    t = await provideTwinInfra();
    projection = new TwinProjection(t.bus, t.twins, t.store, createLogger('twin-test', 'silent'), seen);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('applies a duplicate delivery once and fills a gap from the event store', async () => {
    const stored = await t.store.append(chargerStreamId('T1'), 0, history('T1', 'tenant-a'));
    await projection.apply(stored[0]!);
    await projection.apply(stored[0]!); // redelivered
    await projection.apply(stored[2]!); // version 3 before 2: the projection reads 2 from the store first
    const twin = await t.twins.find('tenant-a', 'T1');
    expect(twin).toMatchObject({ version: 3, ledger: { connected: true }, firmwareVersion: '5.5.1', tags: ['north'] });
    await projection.apply(stored[1]!); // late, older: no change
    expect((await t.twins.find('tenant-a', 'T1'))?.version).toBe(3);
    expect(seen.versions.get('T1')).toEqual([1, 3]);
    expect(seen.duplicates).toBe(2);
  });

  // The doc changed shape with the ledger (docVersion 2): an old doc is folded again from the store, never on.
  it('folds a charger stored in the old document shape again from the event store on its next event', async () => {
    const all = [...onboarding('OLD', 'tenant-x'), ...writeCycle('OLD', 'tenant-x', 1, 'Accepted', 2)];
    const stored = await t.store.append(chargerStreamId('OLD'), 0, all);
    const last = stored.at(-1)!;
    // As the twin stored it before the ledger: profiles and connection beside the device facts, one event behind.
    const old = {
      chargerId: 'OLD',
      tenantId: 'tenant-x',
      model: 'zappi',
      jurisdiction: 'GB',
      tags: ['north'],
      vendor: 'myenergi',
      firmwareVersion: '5.5.1',
      configuration: {},
      connected: true,
      lastSeenAt: null,
      transactions: [],
      profiles: [],
      writeTimes: [],
      version: last.streamVersion - 1,
      updatedAt: new Date(0).toISOString(),
    };
    await t.db.query(
      `INSERT INTO twins (charger_id, tenant_id, version, connected, out_of_sync, slots_used, doc) VALUES ('OLD', 'tenant-x', $1, true, false, 0, $2)`,
      [old.version, old],
    );
    expect((await t.twins.find('tenant-x', 'OLD'))?.ledger.connected).toBe(true); // readable meanwhile
    await projection.apply(last);
    const twin = await t.twins.find('tenant-x', 'OLD');
    expect(twin).toMatchObject({ docVersion: 2, version: last.streamVersion, ledger: { connected: true } });
    expect(Object.values(twin!.ledger.profiles)).toMatchObject([{ chargingProfileId: 1, outcome: 'none' }]);
    expect(twin!.ledger.profiles[1]?.confirmed).not.toBeNull();
  });

  it('never shows one tenant another tenant’s twins', async () => {
    const b = await t.store.append(chargerStreamId('T2'), 0, history('T2', 'tenant-b'));
    for (const e of b) await projection.apply(e);
    expect(await t.twins.find('tenant-a', 'T2')).toBeNull();
    const pageA = await t.twins.list({ tenantId: 'tenant-a', limit: 50 }, new Date());
    expect(pageA.docs.map((d) => d.chargerId)).toEqual(['T1']);
    const connectedB = await t.twins.list(
      { tenantId: 'tenant-b', connected: true, tag: 'north', limit: 50 },
      new Date(),
    );
    expect(connectedB.docs.map((d) => d.chargerId)).toEqual(['T2']);
  });

  it('lists only the chargers whose id starts with idPrefix', async () => {
    for (const id of ['PX-10', 'PX-11', 'PY-10']) {
      const events = await t.store.append(chargerStreamId(id), 0, history(id, 'tenant-p'));
      for (const e of events) await projection.apply(e);
    }
    const page = await t.twins.list({ tenantId: 'tenant-p', idPrefix: 'PX-1', limit: 50 }, new Date());
    expect(page.docs.map((d) => d.chargerId)).toEqual(['PX-10', 'PX-11']);
    const all = await t.twins.list({ tenantId: 'tenant-p', limit: 50 }, new Date());
    expect(all.docs).toHaveLength(3);
  });

  it('consumes the charger stream from JetStream and acknowledges only what it stored', async () => {
    const events = await t.store.append(chargerStreamId('T3'), 0, history('T3', 'tenant-a'));
    for (const e of [...events, events[1]!]) await t.bus.publish(subjects.chargerEvents('T3'), e);
    await projection.start(`twin-test-${t.infra.runId}`);
    await vi.waitFor(async () => expect((await t.twins.find('tenant-a', 'T3'))?.version).toBe(3), { timeout: 5000 });
    await projection.stop();
    // T3's partition's durable (docs/architecture.md §7).
    const durable = partitionDurable(`twin-test-${t.infra.runId}`, chargerPartition('T3', DEFAULT_CHARGER_PARTITIONS));
    const info = await t.bus.jsm.consumers.info(t.bus.stream(streams.chargerEvents.name), durable);
    expect(info.num_ack_pending + info.num_pending).toBe(0);
  });
});
