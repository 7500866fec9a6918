import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './reconnect-backoff.js';

const policy: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.5 };
const top = () => 0.999_999;
const bottom = () => 0;

describe('Reconnect back-off', () => {
  it('doubles the delay cap with each failed attempt', () => {
    const caps = [0, 1, 2, 3].map((attempt) => backoffDelayMs({ ...policy, jitter: 0 }, attempt, bottom));
    expect(caps).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the maximum', () => {
    expect(backoffDelayMs(policy, 50, top)).toBeLessThanOrEqual(30_000);
    expect(backoffDelayMs({ ...policy, jitter: 0 }, 50, top)).toBe(30_000);
  });

  it('draws the delay from the injected random source within [cap × (1 − jitter), cap)', () => {
    expect(backoffDelayMs(policy, 2, bottom)).toBe(2000);
    expect(backoffDelayMs(policy, 2, () => 0.5)).toBe(3000);
    expect(backoffDelayMs(policy, 2, top)).toBe(4000);
  });

  it('spreads a fleet that lost its server at the same instant', () => {
    let seed = 1;
    const lcg = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const delays = new Set(Array.from({ length: 100 }, () => backoffDelayMs(DEFAULT_BACKOFF, 3, lcg)));
    expect(delays.size).toBeGreaterThan(90);
  });
});
