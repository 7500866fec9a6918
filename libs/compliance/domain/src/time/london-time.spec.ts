import {
  addDays,
  londonDateTime,
  londonOffsetSeconds,
  londonToUtc,
  nextLondonClockChange,
  weekdayOf,
} from './london-time.js';

const at = (iso: string) => Date.parse(iso);

describe('Europe/London time', () => {
  describe('offsets around the 2026 and 2027 clock changes', () => {
    it.each([
      ['2026-03-29T00:59:59Z', 0],
      ['2026-03-29T01:00:00Z', 3600],
      ['2026-10-25T00:59:59Z', 3600],
      ['2026-10-25T01:00:00Z', 0],
      ['2027-03-28T00:59:59Z', 0],
      ['2027-03-28T01:00:00Z', 3600],
      ['2027-10-31T00:59:59Z', 3600],
      ['2027-10-31T01:00:00Z', 0],
    ])('at %s London is %i s ahead of UTC', (iso, offset) => {
      expect(londonOffsetSeconds(at(iso))).toBe(offset);
    });
  });

  describe('wall-clock to UTC', () => {
    it('maps 08:00 to 08:00Z in winter and 07:00Z in summer', () => {
      expect(londonToUtc({ year: 2026, month: 1, day: 5 }, 8 * 60)).toBe(at('2026-01-05T08:00:00Z'));
      expect(londonToUtc({ year: 2026, month: 7, day: 6 }, 8 * 60)).toBe(at('2026-07-06T07:00:00Z'));
    });

    it('maps the day of each change correctly on both sides of it', () => {
      expect(londonToUtc({ year: 2026, month: 3, day: 29 }, 0)).toBe(at('2026-03-29T00:00:00Z'));
      expect(londonToUtc({ year: 2026, month: 3, day: 29 }, 3 * 60)).toBe(at('2026-03-29T02:00:00Z'));
      expect(londonToUtc({ year: 2026, month: 10, day: 25 }, 0)).toBe(at('2026-10-24T23:00:00Z'));
      expect(londonToUtc({ year: 2026, month: 10, day: 25 }, 3 * 60)).toBe(at('2026-10-25T03:00:00Z'));
    });

    it('maps a skipped time one hour on and a repeated time to its first occurrence', () => {
      expect(londonToUtc({ year: 2026, month: 3, day: 29 }, 90)).toBe(at('2026-03-29T01:30:00Z'));
      expect(londonToUtc({ year: 2026, month: 10, day: 25 }, 90)).toBe(at('2026-10-25T00:30:00Z'));
    });

    it('takes minute 1440 as the next midnight', () => {
      expect(londonToUtc({ year: 2026, month: 3, day: 28 }, 1440)).toBe(at('2026-03-29T00:00:00Z'));
      expect(londonToUtc({ year: 2026, month: 3, day: 29 }, 1440)).toBe(at('2026-03-29T23:00:00Z'));
    });

    it('round-trips with londonDateTime on every minute of the autumn change day', () => {
      const day = { year: 2027, month: 10, day: 31 };
      for (let m = 0; m < 1440; m++) {
        const t = londonDateTime(londonToUtc(day, m));
        expect(t.hour * 60 + t.minute).toBe(m);
      }
    });
  });

  describe('calendar helpers', () => {
    it('adds days across month and year ends and names weekdays', () => {
      expect(addDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
      expect(weekdayOf({ year: 2026, month: 3, day: 29 })).toBe(7);
      expect(weekdayOf({ year: 2027, month: 3, day: 29 })).toBe(1);
      expect(londonDateTime(at('2026-03-30T07:30:00Z'))).toMatchObject({ hour: 8, minute: 30, weekday: 1 });
    });
  });

  describe('the next clock change', () => {
    it('finds each change to the minute, and none where there is none', () => {
      expect(nextLondonClockChange(at('2026-03-20T00:00:00Z'), at('2026-04-20T00:00:00Z'))).toBe(
        at('2026-03-29T01:00:00Z'),
      );
      expect(nextLondonClockChange(at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z'))).toBe(
        at('2026-10-25T01:00:00Z'),
      );
      expect(nextLondonClockChange(at('2027-03-01T00:00:00Z'), at('2027-12-01T00:00:00Z'))).toBe(
        at('2027-03-28T01:00:00Z'),
      );
      expect(nextLondonClockChange(at('2026-05-01T00:00:00Z'), at('2026-06-01T00:00:00Z'))).toBeNull();
    });
  });
});
