/** A calendar date in Europe/London (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Wall-clock time in Europe/London at an instant; weekday 1 = Monday … 7 = Sunday. */
export interface LondonDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

// The built-in time-zone database (Intl) is the only source of the BST/GMT rules: no offsets are hard-coded.
const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});
const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Europe/London wall-clock time at `ms` (UTC epoch milliseconds). */
export function londonDateTime(ms: number): LondonDateTime {
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(ms))) parts[part.type] = part.value;
  const num = (type: string) => Number(parts[type]);
  return {
    year: num('year'),
    month: num('month'),
    day: num('day'),
    hour: num('hour'),
    minute: num('minute'),
    second: num('second'),
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 0,
  };
}

/** Seconds Europe/London is ahead of UTC at `ms`: 0 in GMT, 3600 in BST. */
export function londonOffsetSeconds(ms: number): number {
  const t = londonDateTime(ms);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 1000);
}

/**
 * The UTC instant of a Europe/London wall-clock time on `date` (`minuteOfDay` 0 … 1439, or 1440 for the
 * next midnight). A time skipped by the spring change maps one hour on; a repeated one maps to its first
 * occurrence.
 */
export function londonToUtc(date: LocalDate, minuteOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  // The offsets in force a day either side: a wall time maps to an instant under one of them.
  const before = wall - londonOffsetSeconds(wall - DAY_MS) * 1000;
  const after = wall - londonOffsetSeconds(wall + DAY_MS) * 1000;
  const valid = [before, after].filter((t) => t + londonOffsetSeconds(t) * 1000 === wall);
  // None valid: the time was skipped (spring); the old offset lands it one hour on.
  return valid.length > 0 ? Math.min(...valid) : before;
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day of the week of a calendar date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The first instant after `afterMs` and at or before `untilMs` at which Europe/London changes offset, or null. */
export function nextLondonClockChange(afterMs: number, untilMs: number): number | null {
  const offset = londonOffsetSeconds(afterMs);
  for (let probe = afterMs; probe < untilMs; probe += HOUR_MS) {
    const next = Math.min(probe + HOUR_MS, untilMs);
    if (londonOffsetSeconds(next) !== offset) {
      // Changes happen on whole minutes: narrow the hour down to the minute.
      let lo = probe;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (londonOffsetSeconds(mid) === offset) lo = mid;
        else hi = mid;
      }
      return hi;
    }
  }
  return null;
}
