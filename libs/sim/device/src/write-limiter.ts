import { isoUtc } from './call-result.js';
import type { WriteLimit } from './device-state.js';

// Rolling window: a write made at time w counts at time t while w is in (t − window, t]. So at the instant
// the oldest write becomes exactly one window old it no longer counts, and a new write is allowed again.

function counts(write: number, now: number, windowMs: number): boolean {
  return write > now - windowMs && write <= now;
}

export function writesInWindow(log: readonly number[], limit: WriteLimit, now: number): number {
  const windowMs = limit.windowSeconds * 1000;
  return log.filter((w) => counts(w, now, windowMs)).length;
}

export function canWrite(log: readonly number[], limit: WriteLimit | null, now: number): boolean {
  return limit === null || writesInWindow(log, limit, now) < limit.maxWrites;
}

/** The log after a write at `now`, without entries that can no longer count. */
export function recordWrite(log: readonly number[], limit: WriteLimit | null, now: number): number[] {
  if (limit === null) return [];
  const windowMs = limit.windowSeconds * 1000;
  return [...log.filter((w) => w > now - windowMs), now];
}

/** Earliest instant at or after `now` when a write would be allowed (assuming no other write meanwhile). */
export function nextWriteAllowedAt(log: readonly number[], limit: WriteLimit | null, now: number): number {
  if (canWrite(log, limit, now) || limit === null) return now;
  const windowMs = limit.windowSeconds * 1000;
  const inWindow = log.filter((w) => counts(w, now, windowMs)).sort((a, b) => a - b);
  // Writes must drop until fewer than maxWrites remain: the (count − maxWrites)-th oldest must leave.
  const mustLeave = inWindow[inWindow.length - limit.maxWrites];
  return mustLeave === undefined ? now : mustLeave + windowMs;
}

/** Why a write is refused now, for the app's log: `write-limit: 24 writes in the last 3600 s; next at …`. */
export function writeLimitReason(log: readonly number[], limit: WriteLimit | null, now: number): string {
  const next = isoUtc(nextWriteAllowedAt(log, limit, now));
  return `write-limit: ${limit?.maxWrites ?? 0} writes in the last ${limit?.windowSeconds ?? 0} s; next at ${next}`;
}
