import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_CHARGER_PARTITIONS, subjects, type ChargerFact, type FactContext } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';

/** The part of a fact's context that is fixed for one connection. */
export type ConnectionContext = Omit<FactContext, 'receivedAt' | 'messageId'>;

/** One fact to record: what happened, the request and the answer given (null when there was none). */
export interface FactInput {
  readonly action: string;
  readonly request: Record<string, unknown>;
  readonly response: Record<string, unknown> | null;
  readonly messageId: string | null;
  /** ms since the epoch, when the frame (or event) reached the edge. */
  readonly receivedAt: number;
}

// A publish is retried with the same msgId, so JetStream's duplicate window makes a retry after a lost ack harmless.
const RETRY_DELAYS_MS = [250, 1_000, 3_000];

/**
 * Publishes one connection's facts to JetStream strictly in order: each waits for the previous one's ack. That is
 * what puts `Connected` before everything else of the connection and `Disconnected` after it.
 */
export class FactLog {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bus: NatsBus,
    private readonly context: ConnectionContext,
    private readonly newId: () => string,
    private readonly onFailure: (fact: ChargerFact, error: unknown) => void,
    /** CHARGER_PARTITIONS: the partition token of the fact's subject (docs/architecture.md §7). */
    private readonly partitions = DEFAULT_CHARGER_PARTITIONS,
  ) {}

  /** Queues a fact; resolves true once JetStream has acked it, false when every attempt failed (already reported). */
  append(input: FactInput): Promise<boolean> {
    const fact: ChargerFact = {
      id: this.newId(),
      context: { ...this.context, receivedAt: new Date(input.receivedAt).toISOString(), messageId: input.messageId },
      action: input.action,
      request: input.request,
      response: input.response,
    };
    const published = this.#tail.then(() => this.#publish(fact));
    this.#tail = published;
    return published;
  }

  /** Resolves when every fact appended so far has been published or given up on. */
  async settled(): Promise<void> {
    await this.#tail;
  }

  async #publish(fact: ChargerFact): Promise<boolean> {
    const subject = subjects.ocppIn(fact.context.chargerId, fact.action, this.partitions);
    let lastError: unknown;
    for (const delay of [0, ...RETRY_DELAYS_MS]) {
      if (delay > 0) await sleep(delay);
      try {
        await this.bus.publish(subject, fact, fact.id);
        return true;
      } catch (error) {
        lastError = error;
      }
    }
    this.onFailure(fact, lastError);
    return false;
  }
}
