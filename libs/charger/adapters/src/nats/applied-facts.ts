/** How many fact ids `AppliedFacts` keeps at most (the oldest forgotten first). */
export const APPLIED_FACTS_KEPT = 10_000;

/**
 * The facts this replica applied in a batch attempt that then failed, kept until their batch goes through: the
 * partition retries the batch (narrowed to one fact at a time), and a fact recorded here is not applied again.
 * Only unsettled facts are kept, not every fact applied: while one partition waits out its retries (up to
 * `DEAD_LETTER_AFTER_ATTEMPTS` backoffs), the other partitions' facts cannot push the ones it needs out.
 * Bounded (first in, first out) so that the facts of a retry this replica abandoned (its lease moved on) do not
 * pile up.
 */
export class AppliedFacts {
  readonly #ids = new Set<string>();

  constructor(private readonly capacity = APPLIED_FACTS_KEPT) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be ≥ 1, not ${capacity}`);
  }

  has(factId: string): boolean {
    return this.#ids.has(factId);
  }

  /** The facts applied in an attempt that failed. */
  remember(factIds: Iterable<string>): void {
    for (const id of factIds) {
      this.#ids.delete(id);
      this.#ids.add(id);
    }
    for (const oldest of this.#ids) {
      if (this.#ids.size <= this.capacity) break;
      this.#ids.delete(oldest);
    }
  }

  /** The facts of a batch that went through (acknowledged next: they are not handed to this replica again). */
  settled(factIds: Iterable<string>): void {
    for (const id of factIds) this.#ids.delete(id);
  }

  get size(): number {
    return this.#ids.size;
  }
}
