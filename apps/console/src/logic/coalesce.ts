/**
 * Keeps only the newest change per key until the next flush: a push that changes 10,000 chargers becomes at most
 * one update per charger per frame, applied in one batch, so the page never renders per event.
 */
export class Coalescer<T> {
  private pending = new Map<string, T>();

  constructor(private readonly versionOf: (item: T) => number) {}

  /** Adds a change; an older version than the one pending for the key is ignored. */
  add(key: string, item: T): void {
    const current = this.pending.get(key);
    if (!current || this.versionOf(item) >= this.versionOf(current)) this.pending.set(key, item);
  }

  get size(): number {
    return this.pending.size;
  }

  /** The pending changes, newest per key, and an empty buffer after. */
  flush(): Map<string, T> {
    const out = this.pending;
    this.pending = new Map();
    return out;
  }
}
