/** Size and refill of a `FailureLimiter`. */
export interface FailureLimits {
  /** Failed authentications allowed at once (the bucket's capacity). */
  readonly burst: number;
  /** Tokens given back per minute (the sustained rate of failures allowed). */
  readonly perMinute: number;
  /** Keys tracked at most; beyond it the least recently failed key is forgotten, so memory stays bounded. */
  readonly maxKeys: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets of failed authentications per key (a source address, a charger id), on an injected clock (ms). A key
 * with less than one token is over its limit: the upgrade is refused before any lookup or hashing, so a refused
 * attempt costs the edge a map lookup. Only keys that failed recently are held; a full bucket is the same as none.
 */
export class FailureLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;

  constructor(private readonly limits: FailureLimits) {
    if (!(limits.burst >= 1) || !(limits.perMinute > 0) || !(limits.maxKeys >= 1)) {
      throw new RangeError('FailureLimiter: burst ≥ 1, perMinute > 0 and maxKeys ≥ 1 are required');
    }
    this.#perMs = limits.perMinute / 60_000;
  }

  /** 0 when the key may try now; otherwise the whole seconds until it may (the Retry-After). */
  retryAfterSeconds(key: string, now: number): number {
    const tokens = this.#tokens(key, now);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.#perMs / 1000));
  }

  /** Spends one token of the key (a failure, or an attempt reserved before a verification); false when none left. */
  take(key: string, now: number): boolean {
    this.#sweep(now);
    const tokens = this.#tokens(key, now);
    if (tokens < 1) return false;
    this.#buckets.delete(key);
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    while (this.#buckets.size > this.limits.maxKeys) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done === true) break;
      this.#buckets.delete(oldest.value);
    }
    return true;
  }

  /** Gives back a token taken for an attempt that succeeded. */
  refund(key: string, now: number): void {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return;
    const tokens = this.#tokens(key, now) + 1;
    if (tokens >= this.limits.burst) this.#buckets.delete(key);
    else this.#buckets.set(key, { tokens, at: now });
  }

  /** Keys held (each failed within the time a bucket takes to refill). */
  get size(): number {
    return this.#buckets.size;
  }

  #tokens(key: string, now: number): number {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return this.limits.burst;
    return Math.min(this.limits.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs);
  }

  /** Drops buckets that have refilled: entries are re-inserted when spent, so the oldest come first. */
  #sweep(now: number): void {
    const refillMs = this.limits.burst / this.#perMs;
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.at < refillMs) return;
      this.#buckets.delete(key);
    }
  }
}
