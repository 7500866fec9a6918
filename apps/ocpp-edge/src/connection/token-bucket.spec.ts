import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst up to its capacity, then refuses', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 1 }, 0);
    expect([1, 2, 3, 4].map(() => bucket.take(0))).toEqual([true, true, true, false]);
  });

  it('refills at the sustained rate, never beyond the capacity', () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 2 }, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(250)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect([1, 2, 3].map(() => bucket.take(60_000))).toEqual([true, true, false]);
  });

  it('does not mint tokens when the clock goes backwards', () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, 10_000);
    expect(bucket.take(10_000)).toBe(true);
    expect(bucket.take(5_000)).toBe(false);
    expect(bucket.take(10_500)).toBe(false);
    expect(bucket.take(11_000)).toBe(true);
  });

  it('refuses a bucket that could never hold a token', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 }, 0)).toThrow(RangeError);
  });
});
