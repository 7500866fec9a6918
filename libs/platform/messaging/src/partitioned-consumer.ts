import { AckPolicy, type ConsumerInfo } from '@nats-io/jetstream';
import type { z } from 'zod';
import { BatchCoalescer } from './batch-coalescer.js';
import type { DeadLetters } from './dead-letters.js';
import { consumerLag, type ConsumerLag } from './jetstream-lag.js';
import type { NatsBus } from './nats-bus.js';
import { OrderedPartitionLoop } from './ordered-partition-loop.js';
import type { BatchItem, DeadLetter } from './partition-batch.js';
import { tracedBatches } from './traced-batches.js';
import { prepareOrderedDurable, type PreparedDurable } from './ordered-durable.js';
import { PartitionLeases, type LeaseTerms, type OwnershipChange } from './partition-leases.js';

/** One stream a group consumes by partition: a durable `{durable}-p{k}` on `subjectOf(k)` for each partition k. */
export interface PartitionPipeline<S extends z.ZodType = z.ZodType> {
  name: string;
  stream: string;
  durable: string;
  subjectOf: (partition: number) => string;
  schema: S;
  handleBatch: (items: BatchItem<z.infer<S>>[]) => Promise<void>;
  /** The charger a message is about (dead letters are filed by charger). */
  chargerIdOf: (message: z.infer<S>) => string | null;
  /**
   * Calls of `handleBatch` in flight at once in a replica (default 4); the partitions' batches that arrive while
   * they run go together in the next call (`BatchCoalescer`).
   */
  concurrency?: number;
}

export interface PartitionedConsumerOptions {
  terms: LeaseTerms;
  /** Unique per process (a restarted replica is a new one). */
  replicaId: string;
  pipelines: readonly PartitionPipeline[];
  batchSize: number;
  ackWaitMs?: number;
  maxAckPending?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /**
   * A partition loop holding nothing that has seen no message for this long, while its durable has messages
   * waiting that it does not deliver (seen at two checks in a row) or is gone, has stalled: its work is restarted.
   * Default 15 s.
   */
  stallAfterMs?: number;
  /** Attempts before a message that keeps failing goes to the dead letters (infrastructure failures not counted). */
  deadLetterAfter: number;
  isTransient: (error: unknown) => boolean;
  deadLetters: DeadLetters;
  /** A message went to the dead letters (to log). */
  onDeadLettered: (pipeline: PartitionPipeline, letter: DeadLetter) => void;
  onInvalid: (pipeline: PartitionPipeline, subject: string, problem: string) => void;
  onRetry: (pipeline: PartitionPipeline, error: unknown, attempt: number, delayMs: number) => void;
  /** Every change of ownership (to log and count) and a durable restarted at its ack floor on takeover. */
  onOwnership: (change: OwnershipChange) => void;
  onResumed: (pipeline: PartitionPipeline, partition: number, prepared: PreparedDurable) => void;
  onError: (error: unknown) => void;
}

/** How long each pull waits for messages before the client pulls again (its heartbeats at half of it). */
const PULL_EXPIRES_MS = 5_000;
/** Calls of a pipeline's handler in flight at once in a replica, unless the pipeline says. */
const HANDLER_CONCURRENCY = 4;
/** Partitions' batches that go together in one call at most, in multiples of the batch size. */
const COMBINED_BATCHES = 4;

/** The durable of a pipeline's partition. */
export const partitionDurable = (durable: string, partition: number) => `${durable}-p${partition}`;

/**
 * Shares a group's work among its replicas by charger partition (docs/architecture.md §7): each partition is
 * held by one replica at a time (leases: `PartitionLeases`), which consumes that partition's durable of each
 * pipeline in stream order (`OrderedPartitionLoop`). A replica joining takes its share as others give theirs
 * up; a replica leaving hands its partitions over; a replica that dies loses them when its leases expire.
 * The new holder resumes each durable right after its ack floor, so nothing is skipped or reordered; what the
 * previous holder applied but had not yet acknowledged comes again (consumers drop it by version or event id).
 */
export class PartitionedConsumer {
  readonly #loops = new Map<number, OrderedPartitionLoop<z.ZodType>[]>();
  /** Per pipeline (same order): its handler, shared by the partitions this replica holds. */
  readonly #handlers: BatchCoalescer<BatchItem<unknown>>[];
  readonly leases: PartitionLeases;
  #watch: NodeJS.Timeout | undefined;
  #watching = false;
  /** Loops seen idle with messages waiting, by `partition:pipeline`: the durable's delivered sequence then. */
  readonly #suspects = new Map<string, number>();

  constructor(
    private readonly bus: NatsBus,
    private readonly options: PartitionedConsumerOptions,
  ) {
    this.#handlers = options.pipelines.map(
      (pipeline) =>
        new BatchCoalescer(tracedBatches(pipeline.durable, pipeline.handleBatch), {
          maxItems: options.batchSize * COMBINED_BATCHES,
          concurrency: pipeline.concurrency ?? HANDLER_CONCURRENCY,
        }),
    );
    this.leases = new PartitionLeases(
      bus,
      options.terms,
      options.replicaId,
      {
        start: (partition) => this.startPartition(partition),
        stop: (partition) => this.stopPartition(partition),
        changed: (change) => options.onOwnership(change),
      },
      options.onError,
    );
  }

  async start(): Promise<void> {
    await this.leases.start();
    const every = Math.max(250, Math.floor(this.stallAfterMs / 4));
    this.#watch = setInterval(() => void this.restartStalled().catch(this.options.onError), every);
  }

  stop(): Promise<void> {
    clearInterval(this.#watch);
    return this.leases.stop();
  }

  /** Drops everything without handing over (a crash, for drills and tests): the leases expire on their own. */
  abandon(): void {
    clearInterval(this.#watch);
    this.leases.abandon();
    for (const loops of this.#loops.values()) for (const loop of loops) void loop.stop().catch(() => undefined);
    this.#loops.clear();
  }

  /** Partitions this replica holds. */
  get owned(): number[] {
    return this.leases.owned;
  }

  /** Events behind per pipeline over every partition of the group (from JetStream: right whoever holds them). */
  async lag(): Promise<Map<string, ConsumerLag>> {
    const result = new Map<string, ConsumerLag>();
    for (const pipeline of this.options.pipelines) {
      let eventsBehind = 0;
      let oldest: Date | null = null;
      for (let k = 0; k < this.options.terms.partitions; k++) {
        const lag = await consumerLag(this.bus, pipeline.stream, partitionDurable(pipeline.durable, k)).catch(
          () => null,
        );
        if (!lag) continue;
        eventsBehind += lag.eventsBehind;
        if (lag.oldestUnackedAt && (!oldest || lag.oldestUnackedAt < oldest)) oldest = lag.oldestUnackedAt;
      }
      result.set(pipeline.name, { eventsBehind, oldestUnackedAt: oldest });
    }
    return result;
  }

  private get stallAfterMs(): number {
    return this.options.stallAfterMs ?? 15_000;
  }

  /** Restarts the work of each held partition one of whose loops stalled (see `stallAfterMs`). */
  private async restartStalled(): Promise<void> {
    if (this.#watching) return;
    this.#watching = true;
    try {
      for (const [partition, loops] of [...this.#loops]) {
        for (const [i, loop] of loops.entries()) {
          const reason = await this.stallOf(this.options.pipelines[i]!, partition, loop);
          if (!reason) continue;
          await this.leases.restart(partition, reason);
          break;
        }
      }
    } finally {
      this.#watching = false;
    }
  }

  /** Why a loop has stalled, or null while it works or has nothing to do (or JetStream cannot tell now). */
  private async stallOf(
    pipeline: PartitionPipeline,
    partition: number,
    loop: OrderedPartitionLoop<z.ZodType>,
  ): Promise<string | null> {
    const { busy, idleMs, ended } = loop.activity;
    if (ended) return `its messages stopped coming: ${ended}`;
    if (busy || idleMs < this.stallAfterMs) {
      this.#suspects.delete(`${partition}:${pipeline.name}`);
      return null;
    }
    const stream = this.bus.stream(pipeline.stream);
    const durable = partitionDurable(pipeline.durable, partition);
    let info: ConsumerInfo;
    try {
      info = await this.bus.jsm.consumers.info(stream, durable);
    } catch (error) {
      return /consumer not found/i.test(String(error)) ? 'its durable is gone' : null;
    }
    const key = `${partition}:${pipeline.name}`;
    const delivered = info.delivered.stream_seq;
    if (info.num_pending === 0 && info.num_ack_pending === 0) {
      this.#suspects.delete(key);
      return null;
    }
    // Messages can be on their way at the moment of a check: stalled only if the durable delivered nothing since
    // the previous check either.
    if (this.#suspects.get(key) !== delivered) {
      this.#suspects.set(key, delivered);
      return null;
    }
    this.#suspects.delete(key);
    return (
      `nothing came for ${Math.round(idleMs / 1000)} s while ${info.num_pending} messages waited ` +
      `and ${info.num_ack_pending} were unacknowledged`
    );
  }

  private async startPartition(partition: number): Promise<void> {
    const loops: OrderedPartitionLoop<z.ZodType>[] = [];
    this.#loops.set(partition, loops);
    const o = this.options;
    const ackWaitMs = o.ackWaitMs ?? 30_000;
    for (const [i, pipeline] of o.pipelines.entries()) {
      const durable = partitionDurable(pipeline.durable, partition);
      const handler = this.#handlers[i]!;
      const prepared = await prepareOrderedDurable(this.bus, {
        stream: pipeline.stream,
        durable,
        filterSubject: pipeline.subjectOf(partition),
        ackWaitMs,
        maxAckPending: Math.max(o.maxAckPending ?? 0, o.batchSize * 4),
        ackPolicy: AckPolicy.Explicit,
      });
      if (prepared.resetFrom !== null) o.onResumed(pipeline, partition, prepared);
      const consumer = await this.bus.js.consumers.get(this.bus.stream(pipeline.stream), durable);
      // Pulls that expire every 5 s (heartbeats every 2.5 s): when a node restart moves the durable's leader, the
      // pulls it held are lost, and the client notices only after two missed heartbeats (30 s at its defaults).
      const messages = await consumer.consume({ max_messages: o.batchSize, expires: PULL_EXPIRES_MS });
      const loop = new OrderedPartitionLoop(
        {
          schema: pipeline.schema,
          partition,
          batchSize: o.batchSize,
          ackWaitMs,
          handleBatch: (items) => handler.submit(items, () => this.leases.holds(partition)),
          onInvalid: (subject, problem) => o.onInvalid(pipeline, subject, problem),
          onRetry: (error, attempt, delayMs) => o.onRetry(pipeline, error, attempt, delayMs),
          deadLetterAfter: o.deadLetterAfter,
          isTransient: o.isTransient,
          deadLetter: async (letter) => {
            const chargerId = letter.item ? pipeline.chargerIdOf(letter.item.message) : null;
            const origin = { kind: 'consumer' as const, name: durable };
            await o.deadLetters.putMessage(letter.msg, origin, letter.reason, letter.detail, chargerId);
            o.onDeadLettered(pipeline, letter);
          },
          mayApply: () => this.leases.holds(partition),
          retryInitialMs: o.retryInitialMs ?? 200,
          retryMaxMs: o.retryMaxMs ?? 5_000,
        },
        messages,
      );
      loops.push(loop.start());
    }
  }

  private async stopPartition(partition: number): Promise<void> {
    const loops = this.#loops.get(partition) ?? [];
    this.#loops.delete(partition);
    await Promise.all(loops.map((l) => l.stop()));
    // The loops' acks are sent without waiting for replies: flushed before the lease goes, so the next holder
    // finds them settled rather than taking their messages again.
    await this.bus.nc.flush().catch(() => undefined);
  }
}
