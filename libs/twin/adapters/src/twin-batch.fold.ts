import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import { applyTwinEnvelope, emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';

/** What one event of a batch did: `doc` is the twin as it reads right after it; a duplicate changed nothing. */
export type EventOutcome =
  | { kind: 'applied'; envelope: EventEnvelope; doc: TwinDoc; filled: number }
  | { kind: 'duplicate'; envelope: EventEnvelope };

/** A charger stream's events from `fromVersion` on, in version order (the event store's `readStream`). */
export type ReadStream = (streamId: string, fromVersion: number) => Promise<EventEnvelope[]>;

/**
 * Folds a batch of charger events into `twins` (the loaded twins by charger id, updated in place), in
 * batch order, with the rules of one event at a time: an event at or below its twin's version changes
 * nothing; one beyond the next version first takes the missing versions from the store. Throws when the
 * store does not hold them yet: nothing of the batch may then be stored or acknowledged. Returns one
 * outcome per event, in batch order.
 */
export async function foldBatch(
  twins: Map<string, TwinDoc>,
  envelopes: readonly EventEnvelope[],
  readStream: ReadStream,
): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  for (const envelope of envelopes) {
    const twin = twins.get(envelope.chargerId) ?? emptyTwin(envelope.chargerId);
    const result = applyTwinEnvelope(twin, envelope);
    if (result.kind === 'duplicate') {
      outcomes.push({ kind: 'duplicate', envelope });
      continue;
    }
    const doc = result.kind === 'applied' ? result.twin : await fillGap(twin, envelope, readStream);
    const filled = result.kind === 'gap' ? envelope.streamVersion - result.expected : 0;
    twins.set(envelope.chargerId, doc);
    outcomes.push({ kind: 'applied', envelope, doc, filled });
  }
  return outcomes;
}

/** The twins a batch changed, each as it reads after the charger's last event of the batch. */
export function changedTwins(outcomes: readonly EventOutcome[]): TwinDoc[] {
  const last = new Map<string, TwinDoc>();
  for (const o of outcomes) if (o.kind === 'applied') last.set(o.doc.chargerId, o.doc);
  return [...last.values()];
}

async function fillGap(twin: TwinDoc, envelope: EventEnvelope, readStream: ReadStream): Promise<TwinDoc> {
  let doc = twin;
  for (const e of await readStream(chargerStreamId(envelope.chargerId), twin.version + 1)) {
    if (e.streamVersion > envelope.streamVersion) break;
    const step = applyTwinEnvelope(doc, e);
    if (step.kind === 'applied') doc = step.twin;
  }
  // Never acknowledge an event that is not applied: without the whole gap in the store, the batch is retried.
  if (doc.version !== envelope.streamVersion)
    throw new Error(`charger ${envelope.chargerId}: the event store has no version ${doc.version + 1} yet`);
  return doc;
}
