/** Size and refill of a `TokenBucket`. */
export interface TokenBucketOptions {
  /** Tokens available at once (the burst). */
  readonly capacity: number;
  /** Tokens added back per second (the sustained rate). */
  readonly refillPerSecond: number;
}

/**
 * A token bucket on an injected clock (ms): each `take` spends one token, tokens come back at a steady rate up to the
 * capacity. Used per connection for both the charger's CALL rate and its budget of bad frames.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    private readonly options: TokenBucketOptions,
    now: number,
  ) {
    if (!(options.capacity > 0) || !(options.refillPerSecond > 0)) {
      throw new RangeError('TokenBucket: capacity and refillPerSecond must be positive');
    }
    this.#tokens = options.capacity;
    this.#updatedAt = now;
  }

  /** Spends one token if there is one; false means the limit is exceeded. */
  take(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.options.capacity, this.#tokens + elapsedSeconds * this.options.refillPerSecond);
    this.#updatedAt = Math.max(this.#updatedAt, now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
