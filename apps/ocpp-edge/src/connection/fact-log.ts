import type { ChargerFact, FactContext } from '@chargeplane/contracts-api';
import type { DurableFacts } from '../spool/durable-facts.js';

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

/**
 * Records one connection's facts strictly in order: each is made durable (JetStream or the spool, DurableFacts)
 * only after the previous one was. That is what puts `Connected` before everything else of the connection and
 * `Disconnected` after it.
 */
export class FactLog {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly durable: DurableFacts,
    private readonly context: ConnectionContext,
    private readonly newId: () => string,
    private readonly onRefused: (fact: ChargerFact) => void,
  ) {}

  /**
   * Queues a fact; resolves true once it is durable (acked by JetStream or written to the spool), false when it was
   * refused (the spool is full; already reported), so the caller answers its charger with a CALLERROR instead.
   */
  append(input: FactInput): Promise<boolean> {
    const fact: ChargerFact = {
      id: this.newId(),
      context: { ...this.context, receivedAt: new Date(input.receivedAt).toISOString(), messageId: input.messageId },
      action: input.action,
      request: input.request,
      response: input.response,
    };
    const recorded = this.#tail.then(() => this.#record(fact));
    this.#tail = recorded;
    return recorded;
  }

  /** Resolves when every fact appended so far has been recorded or refused. */
  async settled(): Promise<void> {
    await this.#tail;
  }

  async #record(fact: ChargerFact): Promise<boolean> {
    const outcome = await this.durable.record(fact);
    if (outcome !== 'refused') return true;
    this.onRefused(fact);
    return false;
  }
}
