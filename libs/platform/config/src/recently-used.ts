/**
 * A map that keeps its `capacity` most recently used entries: reading (`get`) or writing an entry makes it the most
 * recent, and the least recent is dropped once the map is over capacity. For caches of folded state (a charger's
 * aggregate, a twin) that must stay bounded however large the fleet.
 */
export class RecentlyUsed<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`capacity must be a positive integer: ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** The entry, made the most recently used. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) this.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    // Only when full: finding the oldest walks past the slots of deleted entries, which a burst of thousands of keys
    // (a bulk registration, a fleet push) leaves at the front of the map until it is rehashed.
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as K;
      this.#entries.delete(oldest);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}
