import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import { applyTwinEnvelope, emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';
import { changedTwins, foldBatch, type EventOutcome, type ReadStream } from './twin-batch.fold.js';
import { asStored, onboarding } from './twin-test.spec-support.js';

/** Every charger's stream as the store holds it once complete: onboarding, versions 1–4. */
const complete = new Map(
  ['A', 'B', 'C'].map((id) => [chargerStreamId(id), onboarding(id, 'tenant-a').map((e, i) => asStored(e, i + 1))]),
);
const v = (chargerId: string, version: number): EventEnvelope =>
  complete.get(chargerStreamId(chargerId))![version - 1]!;

/** The twin one event at a time would build: the charger's stream folded up to `version`. */
const foldedTo = (chargerId: string, version: number): TwinDoc =>
  complete
    .get(chargerStreamId(chargerId))!
    .slice(0, version)
    .reduce((doc, e) => {
      const step = applyTwinEnvelope(doc, e);
      return step.kind === 'applied' ? step.twin : doc;
    }, emptyTwin(chargerId));

/** A store holding each stream up to `held`, counting reads. */
function storeHolding(held: number): ReadStream & { reads: string[] } {
  const reads: string[] = [];
  const read = async (streamId: string, from: number) => {
    reads.push(`${streamId}@${from}`);
    return (complete.get(streamId) ?? []).filter((e) => e.streamVersion >= from && e.streamVersion <= held);
  };
  return Object.assign(read, { reads });
}

const summary = (o: EventOutcome) =>
  o.kind === 'applied'
    ? `${o.envelope.chargerId}${o.envelope.streamVersion} applied${o.filled ? ` (filled ${o.filled})` : ''}`
    : `${o.envelope.chargerId}${o.envelope.streamVersion} duplicate`;

describe('Twin batch fold', () => {
  describe('when a batch mixes chargers, duplicates and a gap the store holds', () => {
    const batch = [v('A', 1), v('B', 1), v('A', 2), v('C', 1), v('B', 3), v('B', 2), v('A', 2), v('C', 2)];

    it('applies each event once, in batch order, with the rules of one event at a time', async () => {
      const twins = new Map([['A', foldedTo('A', 1)]]);
      const store = storeHolding(4);
      const outcomes = await foldBatch(twins, batch, store);
      expect(outcomes.map(summary)).toEqual([
        'A1 duplicate',
        'B1 applied',
        'A2 applied',
        'C1 applied',
        'B3 applied (filled 1)',
        'B2 duplicate',
        'A2 duplicate',
        'C2 applied',
      ]);
      expect(store.reads).toEqual([`${chargerStreamId('B')}@2`]);
      expect(Object.fromEntries(twins)).toEqual({ A: foldedTo('A', 2), B: foldedTo('B', 3), C: foldedTo('C', 2) });
    });

    it('reports each applied event with the twin as it read right after it', async () => {
      const outcomes = await foldBatch(new Map(), batch, storeHolding(4));
      for (const o of outcomes)
        if (o.kind === 'applied') expect(o.doc).toEqual(foldedTo(o.envelope.chargerId, o.envelope.streamVersion));
    });

    it('writes back each changed twin once, as it reads after its last event of the batch', async () => {
      const outcomes = await foldBatch(new Map([['A', foldedTo('A', 2)]]), batch, storeHolding(4));
      const changed = changedTwins(outcomes).sort((a, b) => a.chargerId.localeCompare(b.chargerId));
      expect(changed).toEqual([foldedTo('B', 3), foldedTo('C', 2)]);
    });
  });

  it('fails the whole batch when the store does not hold the missing versions yet', async () => {
    await expect(foldBatch(new Map(), [v('A', 1), v('B', 3)], storeHolding(1))).rejects.toThrow(
      'charger B: the event store has no version 2 yet',
    );
  });
});
