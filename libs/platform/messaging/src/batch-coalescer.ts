/** How a replica's partition loops share one handler of a pipeline. */
export interface CoalescerOptions {
  /** Items above which no further batch joins a combined call (a batch is never split). */
  maxItems: number;
  /** Combined calls in flight at once. */
  concurrency: number;
}

interface Waiting<T> {
  items: T[];
  mayRun: () => boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A batch that waited while its partition's lease went: it is not run here (the next holder runs it). */
export class PartitionNoLongerHeld extends Error {
  constructor() {
    super('the partition was handed over while its batch waited: left to its next holder');
    this.name = 'PartitionNoLongerHeld';
  }
}

/**
 * Group handling across partitions (docs/architecture.md §7): the batches a replica's partition loops
 * hand over while its calls are in flight wait, and then go together in one call of the handler, so sixteen
 * partitions cost one transaction (or one Kafka send) per round instead of one each. A lone batch goes at once
 * (no timer). Each batch keeps its own order, and batches of the same partition never meet in one call (a loop
 * hands over its next batch only after the last one settled). When a combined call fails, each batch in it is
 * handled again on its own, so that only the batch that cannot be handled sees the error (and is retried,
 * narrowed or dead-lettered by its own loop): one partition's poison message never holds up another.
 */
export class BatchCoalescer<T> {
  #waiting: Waiting<T>[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(
    private readonly handle: (items: T[]) => Promise<void>,
    private readonly options: CoalescerOptions,
  ) {}

  /**
   * Resolves once this batch is handled (its effect durable), or rejects with the error of its own call. `mayRun` is
   * asked again when the batch's turn comes (its replica may have lost the partition while it waited): false rejects
   * it with `PartitionNoLongerHeld`, unrun.
   */
  submit(items: T[], mayRun: () => boolean = () => true): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ items, mayRun, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0 || this.#inFlight >= this.options.concurrency) return;
    this.#scheduled = true;
    // The batches handed over in the same turn of the event loop go together even in the first call.
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#inFlight >= this.options.concurrency) return;
      const round = this.#take();
      if (round.length === 0) return;
      this.#inFlight++;
      void this.#run(round).finally(() => {
        this.#inFlight--;
        this.#schedule();
      });
      this.#schedule();
    });
  }

  /** Batches in arrival order up to `maxItems` (always at least one). */
  #take(): Waiting<T>[] {
    const round: Waiting<T>[] = [];
    let count = 0;
    while (this.#waiting.length > 0) {
      const next = this.#waiting[0]!;
      if (!next.mayRun()) {
        this.#waiting.shift();
        next.reject(new PartitionNoLongerHeld());
        continue;
      }
      if (round.length > 0 && count + next.items.length > this.options.maxItems) break;
      round.push(this.#waiting.shift()!);
      count += next.items.length;
    }
    return round;
  }

  async #run(round: Waiting<T>[]): Promise<void> {
    if (round.length === 1) return this.#alone(round[0]!);
    try {
      await this.handle(round.flatMap((w) => w.items));
    } catch {
      for (const waiting of round) await this.#alone(waiting);
      return;
    }
    for (const waiting of round) waiting.resolve();
  }

  async #alone(waiting: Waiting<T>): Promise<void> {
    try {
      await this.handle(waiting.items);
      waiting.resolve();
    } catch (error) {
      waiting.reject(error);
    }
  }
}
