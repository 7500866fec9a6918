/** A device's memory-write allowance: at most `limit` writes in any rolling window of `windowSeconds`. */
export interface WriteBudgetRule {
  limit: number;
  windowSeconds: number;
  /**
   * Safety margin added to the window when the platform decides (s). The platform counts a write when it
   * sends it, the device when it receives it; a margin longer than the spread of that delay keeps the
   * device from ever seeing 25 writes within its own 60 minutes.
   */
  guardSeconds?: number;
}

export interface WriteBudget {
  limit: number;
  windowSeconds: number;
  used: number;
  remaining: number;
  /** When the next write becomes possible (ms), or null when one is possible now. */
  nextAvailableAt: number | null;
}

/**
 * The budget at `now` from the dispatch times of past writes. A write at time t counts in the window
 * (now − window − guard, now]: so a write dispatched exactly `windowSeconds` ago no longer counts, and the next
 * write becomes possible exactly when the oldest write in the window is `windowSeconds` (+ guard) old.
 */
export function writeBudgetAt(
  writeTimes: readonly number[],
  now: number,
  rule: WriteBudgetRule,
  closedUntil: number | null = null,
): WriteBudget {
  const windowMs = (rule.windowSeconds + (rule.guardSeconds ?? 0)) * 1000;
  const inWindow = writeTimes.filter((t) => t > now - windowMs && t <= now).sort((a, b) => a - b);
  const used = inWindow.length;
  // With the window full, a write frees each time the oldest of the last `limit` writes ages out.
  const countedFree = used < rule.limit ? null : inWindow[used - rule.limit]! + windowMs;
  // A window the device closed (a budgeted device's `Rejected`, L9) stays closed until it frees as counted here.
  const closed = closedUntil !== null && closedUntil > now;
  const nextAvailableAt = closed ? Math.max(closedUntil, countedFree ?? closedUntil) : countedFree;
  const remaining = closed ? 0 : Math.max(0, rule.limit - used);
  return { limit: rule.limit, windowSeconds: rule.windowSeconds, used, remaining, nextAvailableAt };
}

/**
 * When the window counted at `now` next frees: when the oldest write in it ages out (or one window from now
 * when it is empty). A budgeted device that refuses a write may have refused for its limit (§2.1, Q4): the
 * platform then treats its window as full until this instant (L9).
 */
export function windowFreesAt(writeTimes: readonly number[], now: number, rule: WriteBudgetRule): number {
  const windowMs = (rule.windowSeconds + (rule.guardSeconds ?? 0)) * 1000;
  const inWindow = writeTimes.filter((t) => t > now - windowMs && t <= now);
  return Math.min(...inWindow, now) + windowMs;
}

/** Drops write times that can no longer affect any future budget (older than one window before `now`). */
export function pruneWriteTimes(writeTimes: readonly number[], now: number, rule: WriteBudgetRule): number[] {
  const windowMs = (rule.windowSeconds + (rule.guardSeconds ?? 0)) * 1000;
  return writeTimes.filter((t) => t > now - windowMs);
}
