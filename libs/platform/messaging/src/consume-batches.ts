import { recordSpan, type TraceCarrier } from '@chargeplane/platform-observability';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { z } from 'zod';
import type { NatsBus } from './nats-bus.js';
import { traceOf } from './nats-trace.js';
import { prepareOrderedDurable, type PreparedDurable } from './ordered-durable.js';

/** One parsed message of a batch. */
export interface BatchItem<T> {
  message: T;
  subject: string;
  streamSeq: number;
  redelivered: boolean;
  /** When JetStream stored the message. */
  storedAt: Date;
  /** The trace context the message carries in its headers (W3C `traceparent`), if any. */
  trace?: TraceCarrier;
}

export interface BatchConsumeOptions<S extends z.ZodType> {
  stream: string;
  durable: string;
  filterSubject: string;
  schema: S;
  /** At most this many messages per `handleBatch` call. */
  batchSize: number;
  /**
   * Resolves once the batch's side effect is durable; only then is every message of the batch acknowledged.
   * A throw keeps the batch in hand and retries it (same messages, same order) until it succeeds.
   */
  handleBatch: (items: BatchItem<z.infer<S>>[]) => Promise<void>;
  onInvalid: (subject: string, problem: string) => void;
  onRetry: (error: unknown, attempt: number, delayMs: number) => void;
  ackWaitMs?: number;
  /**
   * JetStream's cap on unacknowledged messages; default four batches. The loop itself never holds more than
   * three (the client's pull buffer, the queue, the batch in hand): reaching the cap would leave the pull
   * client asking for one message at a time.
   */
  maxAckPending?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/** A running batch consumer; `stop()` lets the batch in hand finish (or abandons its retries) and returns. */
export interface RunningBatchConsumer {
  readonly prepared: PreparedDurable;
  stop(): Promise<void>;
}

/**
 * Consumes a durable in stream order, in batches: everything already delivered (up to `batchSize`) is
 * handled together, so one message costs no waiting and a burst costs one side effect per batch. Order is
 * never given up: a failed batch is retried in hand (its messages kept alive with in-progress acks) rather
 * than nak'ed, because a nak'ed message would come back after newer ones. One holder per durable.
 */
export async function consumeBatches<S extends z.ZodType>(
  bus: NatsBus,
  options: BatchConsumeOptions<S>,
): Promise<RunningBatchConsumer> {
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const prepared = await prepareOrderedDurable(bus, {
    stream: options.stream,
    durable: options.durable,
    filterSubject: options.filterSubject,
    ackWaitMs,
    maxAckPending: Math.max(options.maxAckPending ?? 0, options.batchSize * 4),
  });
  const consumer = await bus.js.consumers.get(bus.stream(options.stream), options.durable);
  const messages = await consumer.consume({ max_messages: options.batchSize });
  return new BatchLoop(options, messages, prepared, ackWaitMs).start();
}

class BatchLoop<S extends z.ZodType> implements RunningBatchConsumer {
  private readonly queue: JsMsg[] = [];
  private inHand: JsMsg[] = [];
  /** Stream sequences of the messages in hand or queued. */
  private readonly held = new Set<number>();
  private lastAckedSeq = 0;
  private stopping = false;
  private wake: (() => void) | undefined;
  private space: (() => void) | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private done: Promise<void> = Promise.resolve();
  private abortSleep: (() => void) | undefined;

  constructor(
    private readonly options: BatchConsumeOptions<S>,
    private readonly messages: ConsumerMessages,
    readonly prepared: PreparedDurable,
    private readonly ackWaitMs: number,
  ) {}

  start(): this {
    // Held messages must not reach their ack wait while a batch is retried or waits its turn.
    this.keepAlive = setInterval(
      () => {
        for (const m of [...this.inHand, ...this.queue]) m.working();
      },
      Math.max(100, Math.floor(this.ackWaitMs / 3)),
    );
    const pump = (async () => {
      for await (const m of this.messages) {
        this.enqueue(m);
        // Backpressure: take no more from the client than one batch ahead, so it pulls no more either.
        if (this.queue.length >= this.options.batchSize && !this.stopping)
          await new Promise<void>((resolve) => (this.space = resolve));
      }
    })();
    this.done = Promise.all([pump.catch(() => undefined), this.process()]).then(() => undefined);
    return this;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abortSleep?.();
    this.wake?.();
    this.space?.();
    await this.messages.close();
    await this.done;
    clearInterval(this.keepAlive);
  }

  private enqueue(m: JsMsg): void {
    // A redelivery of a message already acknowledged (its ack was lost): acknowledge again, hand on nothing.
    if (m.seq <= this.lastAckedSeq) return m.ack();
    // A redelivery of a message still held: the held copy keeps its place.
    if (this.held.has(m.seq)) return;
    this.held.add(m.seq);
    this.queue.push(m);
    this.wake?.();
  }

  private async process(): Promise<void> {
    while (!this.stopping) {
      if (this.queue.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      this.inHand = this.queue.splice(0, this.options.batchSize);
      this.space?.();
      this.space = undefined;
      const items = this.inHand.map((m) => this.parse(m)).filter((i): i is BatchItem<z.infer<S>> => i !== null);
      const handled = items.length === 0 || (await this.handleWithRetry(items));
      if (!handled) return;
      // Cumulative acks (see prepareOrderedDurable): the batch's last message settles all of it.
      this.inHand.at(-1)?.ack();
      for (const m of this.inHand) this.held.delete(m.seq);
      this.lastAckedSeq = this.inHand.at(-1)?.seq ?? this.lastAckedSeq;
      this.inHand = [];
    }
  }

  /**
   * Parses one message; one that can never be handled is reported and terminated (a retry cannot fix it).
   * `term()` without a reason: nats-server 2.9 does not understand `+TERM <reason>` and leaves the message
   * pending, which would hold the ack floor back forever.
   */
  private parse(m: JsMsg): BatchItem<z.infer<S>> | null {
    let raw: unknown;
    try {
      raw = m.json();
    } catch {
      this.options.onInvalid(m.subject, 'not JSON');
      m.term();
      return null;
    }
    const parsed = this.options.schema.safeParse(raw);
    if (!parsed.success) {
      this.options.onInvalid(
        m.subject,
        parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
      );
      m.term();
      return null;
    }
    const storedAt = new Date(Math.floor(m.info.timestampNanos / 1_000_000));
    const trace = traceOf(m);
    return {
      message: parsed.data,
      subject: m.subject,
      streamSeq: m.seq,
      redelivered: m.redelivered,
      storedAt,
      ...(trace ? { trace } : {}),
    };
  }

  /** True once the batch is handled; false when stopping interrupted its retries (it stays unacknowledged). */
  private async handleWithRetry(items: BatchItem<z.infer<S>>[]): Promise<boolean> {
    const initial = this.options.retryInitialMs ?? 200;
    const max = this.options.retryMaxMs ?? 5_000;
    for (let attempt = 1; ; attempt++) {
      try {
        const startTime = Date.now();
        await this.options.handleBatch(items);
        traceBatch(this.options.durable, items, startTime);
        return true;
      } catch (error) {
        if (this.stopping) return false;
        const delayMs = Math.min(max, initial * 2 ** (attempt - 1));
        this.options.onRetry(error, attempt, delayMs);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.abortSleep = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.abortSleep = undefined;
        if (this.stopping) return false;
      }
    }
  }
}

/** One consumer span per traced message of a handled batch, in the message's trace: the batch's time is its time. */
function traceBatch(durable: string, items: readonly BatchItem<unknown>[], startTime: number): void {
  for (const item of items) {
    if (!item.trace) continue;
    recordSpan(`consume ${durable}`, {
      role: 'consumer',
      parent: item.trace,
      startTime,
      attributes: {
        'messaging.system': 'nats',
        'messaging.consumer.group.name': durable,
        'messaging.destination.name': item.subject,
        'messaging.batch.message_count': items.length,
      },
    });
  }
}
