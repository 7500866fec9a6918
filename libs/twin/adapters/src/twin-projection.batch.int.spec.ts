import { chargerPartition, DEFAULT_CHARGER_PARTITIONS, streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import { partitionDurable } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { applyTwinEnvelope, emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';
import { TwinProjection } from './twin.projection.js';
import { TwinRepository } from './twin.repository.js';
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

  it('applies a batch of several chargers with a duplicate and a gap in at most one read and one write, as one event at a time would', async () => {
    const seen = recorder();
    const projection = new TwinProjection(t.bus, t.twins, t.store, createLogger('twin-test', 'silent'), seen);
    const [a, b, c] = await Promise.all(
      ['M-A', 'M-B', 'M-C'].map((id) => appendTo(t.store, id, onboarding(id, 'tenant-a'))),
    );
    await projection.apply(a![0]!);
    const reads = vi.spyOn(t.twins, 'loadCurrent');
    const writes = vi.spyOn(t.twins, 'saveIfUnchanged');

    // A1 again, B3 before B2 (B2 comes from the store first), B2 late, A2 twice.
    await projection.applyBatch([a![0]!, b![0]!, a![1]!, c![0]!, b![2]!, b![1]!, a![1]!, c![1]!]);

    // M-A's twin is remembered as this projection wrote it: only the others' rows are read.
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0]![0]).toEqual(['M-B', 'M-C']);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(writes.mock.calls[0]![0].map((d) => `${d.chargerId}@${d.version}`).sort()).toEqual([
      'M-A@2',
      'M-B@3',
      'M-C@2',
    ]);
    expect(await t.twins.find('tenant-a', 'M-A')).toEqual(await foldedTo(t, 'M-A', 2));
    expect(await t.twins.find('tenant-a', 'M-B')).toEqual(await foldedTo(t, 'M-B', 3));
    expect(await t.twins.find('tenant-a', 'M-C')).toEqual(await foldedTo(t, 'M-C', 2));
    expect(Object.fromEntries(seen.versions)).toEqual({ 'M-A': [1, 2], 'M-B': [1, 3], 'M-C': [1, 2] });
    expect(seen.duplicates).toBe(3);
    // Told of the twins written once per write, each at its last version of the batch (one live update each).
    expect(seen.writes).toEqual([['M-A@1'], ['M-A@2', 'M-B@3', 'M-C@2']]);

    // The same batch again (a redelivery after a lost ack): nothing changes, every event is a duplicate.
    await projection.applyBatch([a![0]!, b![0]!, a![1]!, c![0]!, b![2]!, b![1]!, a![1]!, c![1]!]);
    expect(await t.twins.find('tenant-a', 'M-B')).toEqual(await foldedTo(t, 'M-B', 3));
    expect(seen.duplicates).toBe(11);
    expect(reads).toHaveBeenCalledTimes(1); // every twin of the batch remembered: no read at all
    expect(seen.writes).toHaveLength(2); // a batch that wrote nothing tells of no write
    reads.mockRestore();
    writes.mockRestore();
  });

  it('folds a charger again on a fresh read when another writer changed its twin between the read and the write', async () => {
    const seen = recorder();
    const rivalSeen = recorder();
    const log = createLogger('twin-test', 'silent');
    const projection = new TwinProjection(t.bus, t.twins, t.store, log, seen);
    const rival = new TwinProjection(t.bus, new TwinRepository(t.db), t.store, log, rivalSeen);
    const [x, y] = await Promise.all(['W-X', 'W-Y'].map((id) => appendTo(t.store, id, onboarding(id, 'tenant-c'))));
    await projection.apply(x![0]!);
    const write = t.twins.saveIfUnchanged.bind(t.twins);
    // The rival (a replica that still holds the partition) writes W-X's version 2 while this batch is folded.
    const writes = vi.spyOn(t.twins, 'saveIfUnchanged').mockImplementationOnce(async (docs, readVersions) => {
      await rival.applyBatch([x![1]!]);
      return write(docs, readVersions);
    });

    await projection.applyBatch([x![1]!, y![0]!, x![2]!, y![1]!]);

    expect(writes).toHaveBeenCalledTimes(2);
    const written = writes.mock.calls.map(([docs]) => docs.map((d) => `${d.chargerId}@${d.version}`).sort());
    expect(written).toEqual([['W-X@3', 'W-Y@2'], ['W-X@3']]);
    expect(await t.twins.find('tenant-c', 'W-X')).toEqual(await foldedTo(t, 'W-X', 3));
    expect(await t.twins.find('tenant-c', 'W-Y')).toEqual(await foldedTo(t, 'W-Y', 2));
    // Each event heard of once by whoever wrote it: W-X's version 2 by the rival, a duplicate here.
    expect(Object.fromEntries(seen.versions)).toEqual({ 'W-X': [1, 3], 'W-Y': [1, 2] });
    expect(seen.duplicates).toBe(1);
    expect(rivalSeen.versions.get('W-X')).toEqual([2]);
    expect(seen.writes).toEqual([['W-X@1'], ['W-Y@2'], ['W-X@3']]);
    expect(rivalSeen.writes).toEqual([['W-X@2']]);
    writes.mockRestore();
  });

  it('fails the batch when its twins keep changing under every write, having told the observer only of what it wrote', async () => {
    const seen = recorder();
    const projection = new TwinProjection(t.bus, t.twins, t.store, createLogger('twin-test', 'silent'), seen);
    const [z, v] = await Promise.all(['K-Z', 'K-V'].map((id) => appendTo(t.store, id, onboarding(id, 'tenant-c'))));
    const write = t.twins.saveIfUnchanged.bind(t.twins);
    // Every write finds K-Z's row changed (as if another writer always got there first).
    const writes = vi.spyOn(t.twins, 'saveIfUnchanged').mockImplementation(async (docs, readVersions) =>
      write(
        docs.filter((d) => d.chargerId !== 'K-Z'),
        readVersions,
      ),
    );

    await expect(projection.applyBatch([z![0]!, v![0]!])).rejects.toThrow(
      /1 charger\(s\) changed under each of 5 writes/,
    );

    expect(writes).toHaveBeenCalledTimes(5);
    expect(Object.fromEntries(seen.versions)).toEqual({ 'K-V': [1] });
    expect(seen.writes).toEqual([['K-V@1']]);
    expect(await t.twins.find('tenant-c', 'K-Z')).toBeNull();
    writes.mockRestore();
  });

  it('holds the partition of an event whose gap the store cannot fill yet, acknowledges none of it, lets other partitions go on, and applies it once the store has the events', async () => {
    const log = createLogger('twin-test', 'silent');
    const retries = vi.spyOn(log, 'error');
    const seen = recorder();
    const projection = new TwinProjection(t.bus, t.twins, t.store, log, seen);
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
