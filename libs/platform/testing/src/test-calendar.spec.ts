import { secondsFromNow, utcMidnight } from './test-calendar.js';

describe('utcMidnight (dates derived from the test clock)', () => {
  const now = Date.parse('2026-12-31T23:59:59.999Z');

  it('gives the start of the UTC day of now, the next one and the previous one', () => {
    expect(utcMidnight(0, now)).toBe('2026-12-31T00:00:00Z');
    expect(utcMidnight(1, now)).toBe('2027-01-01T00:00:00Z');
    expect(utcMidnight(-1, now)).toBe('2026-12-30T00:00:00Z');
  });

  it('gives an instant relative to now in whole seconds, across a year boundary', () => {
    expect(secondsFromNow(-60, now)).toBe('2026-12-31T23:58:59Z');
    expect(secondsFromNow(1, now)).toBe('2027-01-01T00:00:00Z');
  });

  it('keeps yesterday’s midnight in the past and the next one in the future, whatever the instant', () => {
    for (const t of [Date.parse('2027-03-28T00:00:00Z'), Date.parse('2027-10-31T00:59:59Z'), Date.now()]) {
      expect(Date.parse(utcMidnight(-1, t))).toBeLessThanOrEqual(t - 86_400_000);
      expect(Date.parse(utcMidnight(1, t))).toBeGreaterThan(t);
    }
  });
});
