// Calendar instants for tests that run against the real clock (running apps, the simulator, anything that
// compares with "now"): derived from the test's clock, never a literal day that will pass. UTC, whole
// seconds, with `Z`, as the platform sends them. A UTC midnight is never a GB clock change (those happen at
// 01:00 UTC), and the previous one is always in the past, the next one always in the future.

const DAY_MS = 86_400_000;
const utcSecond = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The UTC midnight `days` days after the start of the UTC day of `nowMs` (0: today's, 1: the next, -1: yesterday's). */
export function utcMidnight(days: number, nowMs: number = Date.now()): string {
  return utcSecond((Math.floor(nowMs / DAY_MS) + days) * DAY_MS);
}

/** The instant `seconds` from `nowMs` (negative: before it), truncated to the whole second. */
export function secondsFromNow(seconds: number, nowMs: number = Date.now()): string {
  return utcSecond(nowMs + seconds * 1000);
}
