/** Limits of an `AuthCache`. */
export interface AuthCacheOptions {
  /** How long a positive answer is reused; 0 disables caching (every lookup asks). */
  readonly ttlMs: number;
  /** Oldest entries are dropped beyond this, so memory stays bounded whatever keys are tried. */
  readonly maxEntries: number;
}

/** What `get` found: the value (null = does not exist) and whether it came from the cache. */
export interface CacheLookup<V> {
  readonly value: V | null;
  readonly cached: boolean;
}

/**
 * Remembers positive answers of an expensive credential lookup for a short time. Negative answers are never kept (a
 * charger registered or an API key created a second ago must work at once), errors are never kept, and concurrent
 * lookups of one key share a single request (a fleet reconnecting after an outage must not multiply the load on the
 * directory). Expired entries are dropped on the next lookup of any key, so the cache holds the keys used in the last
 * `ttlMs`, not every key ever used.
 */
export class AuthCache<V> {
  readonly #entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();
  readonly #inFlight = new Map<string, Promise<V | null>>();

  constructor(
    private readonly options: AuthCacheOptions,
    private readonly now: () => number,
    private readonly load: (key: string) => Promise<V | null>,
  ) {}

  async get(key: string): Promise<CacheLookup<V>> {
    this.#dropExpired(this.now());
    const entry = this.#entries.get(key);
    if (entry !== undefined) return { value: entry.value, cached: true };
    return { value: await this.#loadOnce(key), cached: false };
  }

  /** Entries held, expired ones included until the next lookup. */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets a key, e.g. when its cached credentials no longer verify (the key may have been rotated). */
  invalidate(key: string): void {
    this.#entries.delete(key);
  }

  #loadOnce(key: string): Promise<V | null> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    const loading = this.load(key)
      .then((value) => {
        if (value !== null && this.options.ttlMs > 0) this.#remember(key, value);
        return value;
      })
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, loading);
    return loading;
  }

  #dropExpired(now: number): void {
    // Every entry gets the same time to live and is re-inserted when renewed, so insertion order is expiry order.
    for (const [key, entry] of this.#entries) {
      if (now < entry.expiresAt) return;
      this.#entries.delete(key);
    }
  }

  #remember(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    // Map iteration is insertion order, so the first key is the oldest entry.
    while (this.#entries.size > this.options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }
}
