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
  /**
   * Part of the guard kept for the path past the edge (s): from the edge's socket through the device's own
   * cloud to the device (Z1), plus the clock difference between the platform's hosts. The edge sends a write
   * only while it is younger than `guardSeconds − deliverySeconds` (see `writeSendBy`), so every write reaches
   * the device within the guard of the instant it was counted.
   */
  deliverySeconds?: number;
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
 * The writes that count at `now`: every one dispatched after now − window − guard, so a write dispatched exactly
 * `windowSeconds` (+ guard) ago no longer counts. One stamped after `now` counts too: another replica whose clock
 * runs slightly ahead may have dispatched it, and a write left out would let the device see one too many.
 */
function countedAt(writeTimes: readonly number[], now: number, rule: WriteBudgetRule): number[] {
  const windowMs = (rule.windowSeconds + (rule.guardSeconds ?? 0)) * 1000;
  return writeTimes.filter((t) => t > now - windowMs).sort((a, b) => a - b);
}

/**
 * The budget at `now` from the dispatch times of past writes (`countedAt`): the next write becomes possible
 * exactly when the oldest write in the window is `windowSeconds` (+ guard) old.
 */
export function writeBudgetAt(
  writeTimes: readonly number[],
  now: number,
  rule: WriteBudgetRule,
  closedUntil: number | null = null,
): WriteBudget {
  const windowMs = (rule.windowSeconds + (rule.guardSeconds ?? 0)) * 1000;
  const inWindow = countedAt(writeTimes, now, rule);
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
  return Math.min(...countedAt(writeTimes, now, rule), now) + windowMs;
}

/** Drops write times that can no longer affect any future budget (older than one window before `now`). */
export function pruneWriteTimes(writeTimes: readonly number[], now: number, rule: WriteBudgetRule): number[] {
  const windowMs = (rule.windowSeconds + (rule.guardSeconds ?? 0)) * 1000;
  return writeTimes.filter((t) => t > now - windowMs);
}

/**
 * The instant (ms, the platform's clock) before which the edge must put a write counted at `dispatchedAt` on the
 * wire, or null when the device has no budget (or no guard) and a write may go out whenever its turn comes. A write
 * not sent by then is answered `not-sent` and leaves the budget window: counted at dispatch, it still reaches the
 * device within `guardSeconds`, so the device never sees more than `limit` writes in its own window.
 */
export function writeSendBy(dispatchedAt: number, rule: WriteBudgetRule | null): number | null {
  if (!rule?.guardSeconds) return null;
  const margin = rule.guardSeconds - (rule.deliverySeconds ?? 0);
  if (margin <= 0) throw new RangeError('a write budget needs deliverySeconds below guardSeconds');
  return dispatchedAt + margin * 1000;
}
