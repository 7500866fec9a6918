import type { RandomSource } from '../clock/random-source.js';

// Reconnect delays grow exponentially up to a cap, and a random part spreads a fleet that lost its
// Central System at the same instant, so 10,000 chargers do not all knock again in the same millisecond.

export interface BackoffPolicy {
  /** Delay before the first retry, real ms. */
  initialMs: number;
  /** Largest delay, real ms. */
  maxMs: number;
  /** Growth per failed attempt (2 doubles). */
  factor: number;
  /** Fraction of the delay that is random, in [0, 1]: the delay is drawn from [cap × (1 − jitter), cap). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 0.5 };

/** Delay before retry number `attempt` (0 = first retry after a failure). */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: RandomSource): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const cap = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  return Math.round(cap * (1 - jitter + jitter * random()));
}
