import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { z } from 'zod';
import { parseBatchItem, type BatchItem, type DeadLetter } from './partition-batch.js';

/** How often a loop checks that its replica still holds the partition, between messages. */
const LEASE_WATCH_MS = 250;
/** Applied stream sequences a loop remembers to recognise their redeliveries. */
const DONE_REMEMBERED = 10_000;

export interface OrderedLoopOptions<S extends z.ZodType> {
  schema: S;
  partition: number;
  batchSize: number;
  ackWaitMs: number;
  /** Resolves once the batch's effect is durable; a throw keeps it in hand (see `deadLetterAfter`). */
  handleBatch: (items: BatchItem<z.infer<S>>[]) => Promise<void>;
  onInvalid: (subject: string, problem: string) => void;
  onRetry: (error: unknown, attempt: number, delayMs: number) => void;
  /**
   * A message that fails this many attempts on its own is dead-lettered and the partition goes on. Failures
   * `isTransient` says are the infrastructure's (the database or Kafka away) are retried without counting.
   */
  deadLetterAfter: number;
  isTransient: (error: unknown) => boolean;
  /** Resolves once the message is durably among the dead letters; retried until it is. */
  deadLetter: (letter: DeadLetter<z.infer<S>>) => Promise<void>;
  /** Whether this replica may still apply the partition (its lease): checked before each batch. */
  mayApply: () => boolean;
  retryInitialMs: number;
  retryMaxMs: number;
}

/**
 * One partition's durable, consumed in stream order by its lease holder, in batches, with explicit
 * per-message acks (each settles exactly its own message). Order holds through failures: a failed batch is
 * never nak'ed (a nak'ed message would come back after newer ones); it is kept in hand and narrowed to its
 * first message, retried until it succeeds or, after `deadLetterAfter` attempts, goes to the dead letters.
 * Everything behind it in the partition waits meanwhile; other partitions do not.
 */
export class OrderedPartitionLoop<S extends z.ZodType> {
  private readonly queue: JsMsg[] = [];
  private inHand: JsMsg[] = [];
  private readonly held = new Set<number>();
  /** Stream sequences this loop applied (the most recent DONE_REMEMBERED): their redeliveries are only acknowledged. */
  private readonly done = new Set<number>();
  private stopping = false;
  private wake: (() => void) | undefined;
  private space: (() => void) | undefined;
  private abortSleep: (() => void) | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private leaseWatch: NodeJS.Timeout | undefined;
  private finished: Promise<void> = Promise.resolve();
  /** When a message last came or a batch was last applied or retried (or the loop started). */
  private lastActivityAt = Date.now();
  /** Why the durable's messages ended while the loop was still meant to take them; undefined while they flow. */
  private ended: string | undefined;
  private pullingStopped = false;

  constructor(
    private readonly options: OrderedLoopOptions<S>,
    private readonly messages: ConsumerMessages,
  ) {}

  start(): this {
    this.keepAlive = setInterval(
      () => {
        for (const m of [...this.inHand, ...this.queue]) m.working();
      },
      Math.max(100, Math.floor(this.options.ackWaitMs / 3)),
    );
    // A replica whose lease lapsed (renewals late or failing) stops taking messages at once: the next holder
    // restarts the durable from its ack floor, and a lapsed holder still pulling from it would take messages
    // the next holder then misses or gets out of order.
    this.leaseWatch = setInterval(() => {
      if (!this.options.mayApply()) this.stopPulling();
    }, LEASE_WATCH_MS);
    const pump = (async () => {
      for await (const m of this.messages) {
        if (!this.options.mayApply()) {
          this.stopPulling();
          break;
        }
        this.lastActivityAt = Date.now();
        this.enqueue(m);
        if (this.queue.length >= this.options.batchSize && !this.stopping)
          await new Promise<void>((resolve) => (this.space = resolve));
      }
    })().then(
      () => this.endedUnasked('the subscription ended'),
      (error: unknown) => this.endedUnasked(messageOf(error)),
    );
    this.finished = Promise.all([pump, this.process()]).then(() => undefined);
    return this;
  }

  /**
   * How the loop is doing, for the watch on stalled partitions: `busy` while it holds messages (applying or
   * retrying them), `idleMs` since a message last came or a batch was last tried, `ended` once its messages
   * stopped coming without being asked to.
   */
  get activity(): { busy: boolean; idleMs: number; ended: string | undefined } {
    const busy = this.queue.length > 0 || this.inHand.length > 0;
    return { busy, idleMs: Date.now() - this.lastActivityAt, ended: this.ended };
  }

  private endedUnasked(why: string): void {
    if (!this.stopping && !this.pullingStopped) this.ended = why;
  }

  /** No more messages from the durable, and none kept from redelivery: what is left unacknowledged goes to the next holder. */
  private stopPulling(): void {
    this.pullingStopped = true;
    clearInterval(this.keepAlive);
    clearInterval(this.leaseWatch);
    void this.messages.close().catch(() => undefined);
  }

  /** Lets the batch in hand finish (or abandons its retries, leaving it unacknowledged) and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abortSleep?.();
    this.wake?.();
    this.space?.();
    await this.messages.close();
    await this.finished;
    clearInterval(this.keepAlive);
    clearInterval(this.leaseWatch);
  }

  private enqueue(m: JsMsg): void {
    // Only what this loop applied is settled unseen: a message that arrives after later ones were applied (held by
    // a replica that lost the partition) is applied, never acknowledged without being applied.
    if (this.done.has(m.seq)) return m.ack();
    if (this.held.has(m.seq)) return;
    this.held.add(m.seq);
    this.queue.push(m);
    this.wake?.();
  }

  private async process(): Promise<void> {
    // After a batch failed, its messages go one at a time until past it: the one that fails is found, nothing
    // passes it, and what succeeded before it is not handled again with every retry.
    let narrowUntil = 0;
    while (!this.stopping) {
      if (this.queue.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      if (!this.options.mayApply()) return;
      this.inHand = this.queue.splice(0, this.queue[0]!.seq <= narrowUntil ? 1 : this.options.batchSize);
      this.space?.();
      this.space = undefined;
      const items: BatchItem<z.infer<S>>[] = [];
      for (const m of [...this.inHand]) {
        const parsed = this.parse(m);
        if (typeof parsed !== 'string') {
          items.push(parsed);
          continue;
        }
        const letter = { msg: m, item: null, reason: 'invalid' as const, detail: parsed, attempts: 0 };
        if ((await this.toDeadLetters(letter)) === 'stopped') return;
        // Settled now: a retry of the rest of the batch must not dead-letter it again.
        m.ack();
        this.inHand = this.inHand.filter((h) => h !== m);
        this.held.delete(m.seq);
      }
      const outcome = items.length === 0 ? 'handled' : await this.handleWithRetry(items);
      if (outcome === 'stopped') return;
      if (outcome === 'failed-in-batch') {
        narrowUntil = this.inHand.at(-1)!.seq;
        this.queue.unshift(...this.inHand);
        this.inHand = [];
        continue;
      }
      // Acks are not awaited (an awaited ack is a request per message: most of the consumers' CPU under a push). One
      // that is lost brings its message back after the ack wait, and a redelivery of what this loop applied is
      // only acknowledged again; a new holder applies it again and the consumers drop it (decision 0010).
      for (const m of this.inHand) {
        m.ack();
        this.remember(m.seq);
      }
      this.inHand = [];
    }
  }

  private remember(seq: number): void {
    this.held.delete(seq);
    this.done.add(seq);
    if (this.done.size > DONE_REMEMBERED) this.done.delete(this.done.values().next().value!);
  }

  /** `failed-in-batch`: a batch of several failed once (narrowed and retried one by one); `stopped`: left in hand. */
  private async handleWithRetry(
    items: BatchItem<z.infer<S>>[],
  ): Promise<'handled' | 'dead-lettered' | 'failed-in-batch' | 'stopped'> {
    let counted = 0;
    for (let attempt = 1; ; attempt++) {
      if (!this.options.mayApply()) return 'stopped';
      this.lastActivityAt = Date.now();
      try {
        await this.options.handleBatch(items);
        this.lastActivityAt = Date.now();
        return 'handled';
      } catch (error) {
        // A replica that lost the partition meanwhile (a batch left waiting for its turn is refused then) leaves the
        // batch unacknowledged to the next holder, whatever the failure.
        if (this.stopping || !this.options.mayApply()) return 'stopped';
        const transient = this.options.isTransient(error);
        if (!transient) counted++;
        if (items.length > 1 && !transient) return 'failed-in-batch';
        if (counted >= this.options.deadLetterAfter) {
          const item = items[0]!;
          const msg = this.inHand.find((h) => h.seq === item.streamSeq)!;
          const detail = `failed ${attempt} attempts: ${messageOf(error)}`;
          return this.toDeadLetters({ msg, item, reason: 'retries_exhausted', detail, attempts: attempt });
        }
        const delayMs = Math.min(this.options.retryMaxMs, this.options.retryInitialMs * 2 ** (attempt - 1));
        this.options.onRetry(error, attempt, delayMs);
        if (!(await this.sleep(delayMs))) return 'stopped';
      }
    }
  }

  private async toDeadLetters(letter: DeadLetter<z.infer<S>>) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.deadLetter(letter);
        return 'dead-lettered' as const;
      } catch (failure) {
        const delayMs = Math.min(this.options.retryMaxMs, this.options.retryInitialMs * 2 ** (attempt - 1));
        this.options.onRetry(failure, attempt, delayMs);
        if (!(await this.sleep(delayMs))) return 'stopped' as const;
      }
    }
  }

  /** False when stopping cut the wait short. */
  private async sleep(ms: number): Promise<boolean> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abortSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.abortSleep = undefined;
    return !this.stopping;
  }

  /** The message as its schema reads it, or why it can never be handled (reported; it goes to the dead letters). */
  private parse(m: JsMsg): BatchItem<z.infer<S>> | string {
    const parsed = parseBatchItem(m, this.options.schema, this.options.partition);
    if (!('problem' in parsed)) return parsed;
    this.options.onInvalid(m.subject, parsed.problem);
    return parsed.detail;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
