import { chargerPartition, DEFAULT_CHARGER_PARTITIONS, streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import { partitionDurable } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { applyTwinEnvelope, emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';
import { TwinProjection } from './twin.projection.js';
import {
  appendTo,
  asStored,
  onboarding,
  provideTwinInfra,
  recorder,
  type TwinInfra,
} from './twin-test.spec-support.js';

/** The twin one event at a time builds: the charger's stored stream folded up to `version`. */
async function foldedTo(t: TwinInfra, chargerId: string, version: number): Promise<TwinDoc> {
  let doc = emptyTwin(chargerId);
  for (const e of await t.store.readStream(chargerStreamId(chargerId))) {
    const step = applyTwinEnvelope(doc, e);
    if (step.kind === 'applied' && e.streamVersion <= version) doc = step.twin;
  }
  return doc;
}

describe('Twin projection in batches (real PostgreSQL and NATS)', () => {
  let t: TwinInfra;

  beforeAll(async () => {
    t = await provideTwinInfra();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('applies a batch of several chargers with a duplicate and a gap in one lock and one write, as one event at a time would', async () => {
    const seen = recorder();
    const projection = new TwinProjection(t.bus, t.db, t.twins, t.store, createLogger('twin-test', 'silent'), seen);
    const [a, b, c] = await Promise.all(
      ['M-A', 'M-B', 'M-C'].map((id) => appendTo(t.store, id, onboarding(id, 'tenant-a'))),
    );
    await projection.apply(a![0]!);
    const locks = vi.spyOn(t.twins, 'loadForUpdate');
    const writes = vi.spyOn(t.twins, 'save');

    // A1 again, B3 before B2 (B2 comes from the store first), B2 late, A2 twice.
    await projection.applyBatch([a![0]!, b![0]!, a![1]!, c![0]!, b![2]!, b![1]!, a![1]!, c![1]!]);

    expect(locks).toHaveBeenCalledTimes(1);
    expect(locks.mock.calls[0]![1]).toEqual(['M-A', 'M-B', 'M-A', 'M-C', 'M-B', 'M-B', 'M-A', 'M-C']);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(writes.mock.calls[0]![1].map((d) => `${d.chargerId}@${d.version}`).sort()).toEqual([
      'M-A@2',
      'M-B@3',
      'M-C@2',
    ]);
    expect(await t.twins.find('tenant-a', 'M-A')).toEqual(await foldedTo(t, 'M-A', 2));
    expect(await t.twins.find('tenant-a', 'M-B')).toEqual(await foldedTo(t, 'M-B', 3));
    expect(await t.twins.find('tenant-a', 'M-C')).toEqual(await foldedTo(t, 'M-C', 2));
    expect(Object.fromEntries(seen.versions)).toEqual({ 'M-A': [1, 2], 'M-B': [1, 3], 'M-C': [1, 2] });
    expect(seen.duplicates).toBe(3);

    // The same batch again (a redelivery after a lost ack): nothing changes, every event is a duplicate.
    await projection.applyBatch([a![0]!, b![0]!, a![1]!, c![0]!, b![2]!, b![1]!, a![1]!, c![1]!]);
    expect(await t.twins.find('tenant-a', 'M-B')).toEqual(await foldedTo(t, 'M-B', 3));
    expect(seen.duplicates).toBe(11);
    locks.mockRestore();
    writes.mockRestore();
  });

  it('holds the partition of an event whose gap the store cannot fill yet, acknowledges none of it, lets other partitions go on, and applies it once the store has the events', async () => {
    const log = createLogger('twin-test', 'silent');
    const retries = vi.spyOn(log, 'error');
    const seen = recorder();
    const projection = new TwinProjection(t.bus, t.db, t.twins, t.store, log, seen);
    const durable = `gap-${t.infra.runId}`;
    // G-1 and G-10 share a partition (FNV-1a mod 16 = 0); G-2 is in another (9).
    const partition = chargerPartition('G-1', DEFAULT_CHARGER_PARTITIONS);
    expect(chargerPartition('G-10', DEFAULT_CHARGER_PARTITIONS)).toBe(partition);
    expect(chargerPartition('G-2', DEFAULT_CHARGER_PARTITIONS)).not.toBe(partition);
    const [first, ...later] = onboarding('G-1', 'tenant-b');
    await appendTo(t.store, 'G-1', [first!]);
    const sameHolder = await appendTo(t.store, 'G-10', onboarding('G-10', 'tenant-b'));
    const elsewhere = await appendTo(t.store, 'G-2', onboarding('G-2', 'tenant-b'));
    // G-1's version 3 reaches JetStream while the store holds only version 1 (its version 2 is not committed yet).
    const early: EventEnvelope[] = [asStored(later[1]!, 3), ...sameHolder, ...elsewhere];
    for (const e of early) await t.bus.publish(subjects.chargerEvents(e.chargerId), e, e.id);

    await projection.start(durable);
    await vi.waitFor(() => expect(retries.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await t.twins.find('tenant-b', 'G-2'))?.version).toBe(4), { timeout: 10_000 });
    const info = () =>
      t.bus.jsm.consumers.info(t.bus.stream(streams.chargerEvents.name), partitionDurable(durable, partition));
    const held = await info();
    expect(held.ack_floor.stream_seq).toBe(0);
    expect(held.num_ack_pending + held.num_pending).toBe(1 + sameHolder.length);
    expect(await t.twins.find('tenant-b', 'G-1')).toBeNull();
    expect(await t.twins.find('tenant-b', 'G-10')).toBeNull();

    await appendTo(t.store, 'G-1', later);
    await vi.waitFor(
      async () => {
        const now = await info();
        expect(now.num_ack_pending + now.num_pending).toBe(0);
      },
      { timeout: 15_000, interval: 100 },
    );
    await projection.stop();
    expect(await t.twins.find('tenant-b', 'G-1')).toEqual(await foldedTo(t, 'G-1', 3));
    expect(await t.twins.find('tenant-b', 'G-10')).toEqual(await foldedTo(t, 'G-10', 4));
    expect(seen.versions.get('G-1')).toEqual([3]);
    expect(seen.versions.get('G-10')).toEqual([1, 2, 3, 4]);
    expect(seen.versions.get('G-2')).toEqual([1, 2, 3, 4]);
  });
});
