import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import { applyTwinEnvelope, emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';

/** What folding the log gave: one twin per charger, and the chargers whose early versions still wait for a gap. */
export interface FoldedLog {
  twins: TwinDoc[];
  waiting: string[];
}

/**
 * Folds the log in commit order into one twin per charger. A charger's versions normally arrive in order, but
 * commit order may interleave them, so an early version waits (per charger) until the versions before it arrive;
 * what still waits at the end is read from the charger's stream by the rebuild. Repeats are ignored by the fold's
 * version check.
 */
export class LogFold {
  private readonly twins = new Map<string, TwinDoc>();
  private readonly waiting = new Map<string, EventEnvelope[]>();

  get chargers(): number {
    return this.twins.size;
  }

  add(envelope: EventEnvelope): void {
    const id = envelope.chargerId;
    // The log holds other contexts' streams too (compliance-…); twins fold only the charger stream.
    if (envelope.streamId !== chargerStreamId(id)) return;
    let doc = this.twins.get(id) ?? emptyTwin(id);
    const step = foldEvent(doc, envelope);
    if (step.kind === 'gap') {
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), envelope]);
      return;
    }
    if (step.kind === 'duplicate') return;
    doc = step.twin;
    // Apply the early versions that now follow on.
    const queued = this.waiting.get(id);
    if (queued) {
      let progressed = true;
      while (progressed) {
        progressed = false;
        for (const e of queued) {
          const next = foldEvent(doc, e);
          if (next.kind === 'applied') {
            doc = next.twin;
            progressed = true;
          }
        }
      }
      const left = queued.filter((e) => e.streamVersion > doc.version);
      if (left.length > 0) this.waiting.set(id, left);
      else this.waiting.delete(id);
    }
    this.twins.set(id, doc);
  }

  result(): FoldedLog {
    return { twins: [...this.twins.values()], waiting: [...this.waiting.keys()] };
  }
}

/** The fold of one event; a stored event its schema refuses fails the rebuild naming the event. */
export function foldEvent(doc: TwinDoc, envelope: EventEnvelope): ReturnType<typeof applyTwinEnvelope> {
  try {
    return applyTwinEnvelope(doc, envelope);
  } catch (error) {
    throw new Error(
      `event ${envelope.id} (${envelope.type}, ${envelope.streamId} version ${envelope.streamVersion}) cannot be ` +
        `folded into its twin: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
