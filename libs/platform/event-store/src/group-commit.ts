import type { ConcurrencyError } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { AppendRequest, BatchWork, PostgresEventStore } from './postgres-event-store.js';
import { withTraceContext } from './trace-stamp.js';

interface Pending<R> {
  request: R;
  resolve: (stored: EventEnvelope[]) => void;
  reject: (error: unknown) => void;
}

/** What a group commit writes besides a batch's events (companion rows, work in a transaction), per batch. */
export type BatchPlan<R extends AppendRequest> = (batch: readonly R[]) => BatchWork<R>;

/**
 * Group commit: appends requested while a transaction is in flight wait and then go together in the next
 * one, so a burst of commands on many streams costs a few statements per batch instead of a transaction
 * each. A lone append goes at once (no timer, no added latency). Each caller gets its own answer: its
 * events, or a ConcurrencyError for its stream only. If a whole batch fails (a concurrent writer in another
 * process won a race), its requests are retried one by one so that only the loser sees the error.
 */
export class GroupCommitter<R extends AppendRequest> {
  #queue: Pending<R>[] = [];
  #flushing = false;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly plan: BatchPlan<R>,
    private readonly maxBatch = 256,
  ) {}

  append(request: R): Promise<EventEnvelope[]> {
    const traced: R = { ...request, events: withTraceContext(request.events) };
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: traced, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) await this.#commit(this.#takeBatch());
    this.#flushing = false;
  }

  /** Up to `maxBatch` requests in arrival order, each stream once (a second append to it waits its turn). */
  #takeBatch(): Pending<R>[] {
    const batch: Pending<R>[] = [];
    const rest: Pending<R>[] = [];
    const streams = new Set<string>();
    for (const pending of this.#queue) {
      if (batch.length < this.maxBatch && !streams.has(pending.request.streamId)) {
        streams.add(pending.request.streamId);
        batch.push(pending);
      } else rest.push(pending);
    }
    this.#queue = rest;
    return batch;
  }

  async #commit(batch: Pending<R>[]): Promise<void> {
    try {
      const requests = batch.map((p) => p.request);
      const outcomes = await this.store.appendBatch(requests, this.plan(requests));
      outcomes.forEach((outcome, i) => settle(batch[i] as Pending<R>, outcome));
    } catch (error) {
      if (batch.length === 1) return (batch[0] as Pending<R>).reject(error);
      for (const pending of batch) {
        try {
          const [outcome] = await this.store.appendBatch([pending.request], this.plan([pending.request]));
          settle(pending, outcome as EventEnvelope[] | ConcurrencyError);
        } catch (single) {
          pending.reject(single);
        }
      }
    }
  }
}

function settle<R>(pending: Pending<R>, outcome: EventEnvelope[] | ConcurrencyError): void {
  if (outcome instanceof Error) pending.reject(outcome);
  else pending.resolve(outcome);
}
