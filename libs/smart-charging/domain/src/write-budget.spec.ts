import { zappiCapabilities } from './capabilities.js';
import { pruneWriteTimes, windowFreesAt, writeBudgetAt, writeSendBy } from './write-budget.js';

const zappi = { limit: 24, windowSeconds: 3600 };
const minute = 60_000;
const t0 = Date.parse('2026-11-25T10:00:00Z');
const writesEveryMinute = (n: number) => Array.from({ length: n }, (_, i) => t0 + i * minute);

describe('Write budget', () => {
  describe('with 23 writes in the last hour', () => {
    it('allows the 24th', () => {
      expect(writeBudgetAt(writesEveryMinute(23), t0 + 23 * minute, zappi)).toEqual({
        limit: 24,
        windowSeconds: 3600,
        used: 23,
        remaining: 1,
        nextAvailableAt: null,
      });
    });
  });

  describe('with 24 writes in the last hour', () => {
    const writes = writesEveryMinute(24);
    it('refuses the 25th and says when the oldest write leaves the window', () => {
      const budget = writeBudgetAt(writes, t0 + 30 * minute, zappi);
      expect(budget.remaining).toBe(0);
      expect(budget.nextAvailableAt).toBe(t0 + 60 * minute);
    });
    it('still refuses one millisecond before the oldest write is an hour old', () => {
      expect(writeBudgetAt(writes, t0 + 60 * minute - 1, zappi).remaining).toBe(0);
    });
    it('allows a write exactly when the oldest write is an hour old', () => {
      expect(writeBudgetAt(writes, t0 + 60 * minute, zappi)).toMatchObject({
        used: 23,
        remaining: 1,
        nextAvailableAt: null,
      });
    });
  });

  describe('with more writes recorded than the limit (e.g. counted device-side answers)', () => {
    it('waits until enough writes have aged out to get below the limit', () => {
      const writes = writesEveryMinute(26);
      expect(writeBudgetAt(writes, t0 + 26 * minute, zappi).nextAvailableAt).toBe(t0 + 2 * minute + 60 * minute);
    });
  });

  it('counts writes stamped after `now` (a clock running ahead) and prunes those that can no longer matter', () => {
    expect(writeBudgetAt([t0 + minute], t0, zappi).used).toBe(1);
    expect(pruneWriteTimes([t0 - 61 * minute, t0 - 59 * minute], t0, zappi)).toEqual([t0 - 59 * minute]);
  });
});

describe('Write budget with a guard margin (zappi: 30 s)', () => {
  const guarded = { limit: 24, windowSeconds: 3600, guardSeconds: 30 };
  const writes = Array.from({ length: 24 }, (_, i) => t0 + i * minute);
  it('frees the next write only when the oldest is an hour and the guard old', () => {
    expect(writeBudgetAt(writes, t0 + 60 * minute, guarded).nextAvailableAt).toBe(t0 + 60 * minute + 30_000);
    expect(writeBudgetAt(writes, t0 + 60 * minute + 29_999, guarded).remaining).toBe(0);
    expect(writeBudgetAt(writes, t0 + 60 * minute + 30_000, guarded)).toMatchObject({
      remaining: 1,
      nextAvailableAt: null,
    });
  });
  it('still reports the device window, not the guarded one', () => {
    expect(writeBudgetAt(writes, t0, guarded).windowSeconds).toBe(3600);
  });
});

describe('The send deadline of a counted write', () => {
  it('leaves a zappi write 20 s to leave the edge: the guard (30 s) less the delivery allowance (10 s)', () => {
    expect(writeSendBy(t0, zappiCapabilities.writeBudget)).toBe(t0 + 20_000);
  });
  it('sets none for a device without a budget or without a guard', () => {
    expect(writeSendBy(t0, null)).toBeNull();
    expect(writeSendBy(t0, zappi)).toBeNull();
  });
  it('refuses a delivery allowance that leaves the edge no time', () => {
    expect(() => writeSendBy(t0, { ...zappi, guardSeconds: 10, deliverySeconds: 10 })).toThrow(RangeError);
  });
});

describe('Write budget with a window the device closed', () => {
  const guarded = { limit: 24, windowSeconds: 3600, guardSeconds: 30 };
  const writes = [t0, t0 + minute];
  it('has no write left until the closed window frees, then counts as usual', () => {
    const closedUntil = windowFreesAt(writes, t0 + 2 * minute, guarded);
    expect(closedUntil).toBe(t0 + 60 * minute + 30_000);
    expect(writeBudgetAt(writes, t0 + 2 * minute, guarded, closedUntil)).toMatchObject({
      used: 2,
      remaining: 0,
      nextAvailableAt: closedUntil,
    });
    expect(writeBudgetAt(writes, closedUntil, guarded, closedUntil)).toMatchObject({ remaining: 23 });
  });
});

describe('Write budget with a write stamped by a clock that runs ahead', () => {
  it('counts a write dispatched a moment after now (another replica), so the 25th waits', () => {
    const writes = [...Array.from({ length: 23 }, (_, i) => t0 + i * minute), t0 + 30 * minute + 2_000];
    const budget = writeBudgetAt(writes, t0 + 30 * minute, zappi);
    expect(budget).toMatchObject({ used: 24, remaining: 0, nextAvailableAt: t0 + 60 * minute });
  });
});
