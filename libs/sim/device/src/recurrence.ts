import type { InstalledProfile } from './device-state.js';
import type { ChargingProfile, ChargingSchedulePeriod, ChargingRateUnit } from './ocpp-types.js';

// When one stored profile is active and what it allows (Spec §3.13.7, Errata 3.43, 3.44, 3.79):
// - Daily/Weekly recur every 24 h / 7 days from the instant of startSchedule (its time of day and weekday),
//   never from midnight or Monday.
// - Within a cycle only offsets below min(duration, recurrence length) run; periods at or after that never run.
// - Absolute without duration runs its last period indefinitely; Relative is anchored at the transaction start.
// - The schedule anchor is shifted by the random delay drawn at install (RandomSmartChargeDelay).
// - A profile is valid from max(validFrom, the instant it was installed) until validTo (exclusive).

export const DAY_SECONDS = 86_400;
export const WEEK_SECONDS = 604_800;

export interface ProfileLimit {
  limit: number;
  unit: ChargingRateUnit;
  numberPhases: number | undefined;
  stackLevel: number;
}

export function recurrenceSeconds(profile: ChargingProfile): number | null {
  if (profile.chargingProfileKind !== 'Recurring') return null;
  return profile.recurrencyKind === 'Weekly' ? WEEK_SECONDS : DAY_SECONDS;
}

/** Instant of offset 0 (before recurrence), or null when the profile cannot be anchored. */
export function scheduleAnchorMs(entry: InstalledProfile, relativeAnchorMs: number): number | null {
  const { chargingProfileKind, chargingSchedule } = entry.profile;
  const start = chargingSchedule.startSchedule === undefined ? null : Date.parse(chargingSchedule.startSchedule);
  let anchor: number | null;
  if (chargingProfileKind === 'Relative') anchor = relativeAnchorMs;
  else if (chargingProfileKind === 'Absolute') anchor = start ?? relativeAnchorMs;
  else anchor = start;
  if (anchor === null || Number.isNaN(anchor)) return null;
  return anchor + entry.randomDelaySeconds * 1000;
}

export function validityMs(entry: InstalledProfile): { fromMs: number; toMs: number } {
  const { validFrom, validTo } = entry.profile;
  const from = validFrom === undefined ? -Infinity : Date.parse(validFrom);
  const to = validTo === undefined ? Infinity : Date.parse(validTo);
  return { fromMs: Math.max(entry.installedAt, from), toMs: to };
}

/** Length of the running part of one cycle (ms); Infinity for a non-recurring schedule without duration. */
function runLengthMs(profile: ChargingProfile): number {
  const recurrence = recurrenceSeconds(profile);
  const duration = profile.chargingSchedule.duration;
  if (recurrence === null) return duration === undefined ? Infinity : duration * 1000;
  return Math.min(duration ?? recurrence, recurrence) * 1000;
}

/** Offset (ms) into the schedule at t, or null when the schedule does not cover t. */
export function scheduleOffsetMs(entry: InstalledProfile, t: number, relativeAnchorMs: number): number | null {
  const anchor = scheduleAnchorMs(entry, relativeAnchorMs);
  if (anchor === null || t < anchor) return null;
  const recurrence = recurrenceSeconds(entry.profile);
  const raw = t - anchor;
  const offset = recurrence === null ? raw : raw % (recurrence * 1000);
  return offset < runLengthMs(entry.profile) ? offset : null;
}

function periodAt(periods: readonly ChargingSchedulePeriod[], offsetMs: number): ChargingSchedulePeriod | undefined {
  let current: ChargingSchedulePeriod | undefined;
  for (const p of periods) {
    if (p.startPeriod * 1000 <= offsetMs) current = p;
    else break;
  }
  return current;
}

/** What this profile allows at t, or null when it is not active at t. */
export function profileLimitAt(entry: InstalledProfile, t: number, relativeAnchorMs: number): ProfileLimit | null {
  const { fromMs, toMs } = validityMs(entry);
  if (t < fromMs || t >= toMs) return null;
  const offset = scheduleOffsetMs(entry, t, relativeAnchorMs);
  if (offset === null) return null;
  const period = periodAt(entry.profile.chargingSchedule.chargingSchedulePeriod, offset);
  if (!period) return null;
  return {
    limit: period.limit,
    unit: entry.profile.chargingSchedule.chargingRateUnit,
    numberPhases: period.numberPhases,
    stackLevel: entry.profile.stackLevel,
  };
}

/** Every instant in (fromMs, toMs) at which this profile's contribution may change. */
export function profileBreakpoints(
  entry: InstalledProfile,
  fromMs: number,
  toMs: number,
  relativeAnchorMs: number,
): number[] {
  const points: number[] = [];
  const add = (t: number): void => {
    if (t > fromMs && t < toMs) points.push(t);
  };
  const { fromMs: validFrom, toMs: validTo } = validityMs(entry);
  add(validFrom);
  add(validTo);
  const anchor = scheduleAnchorMs(entry, relativeAnchorMs);
  if (anchor === null) return points;
  const run = runLengthMs(entry.profile);
  const starts = entry.profile.chargingSchedule.chargingSchedulePeriod
    .map((p) => p.startPeriod * 1000)
    .filter((s) => s < run);
  const recurrence = recurrenceSeconds(entry.profile);
  if (recurrence === null) {
    add(anchor);
    starts.forEach((s) => add(anchor + s));
    add(anchor + run);
    return points;
  }
  const cycleMs = recurrence * 1000;
  const firstCycle = Math.max(0, Math.floor((fromMs - anchor) / cycleMs));
  const lastCycle = Math.floor((toMs - anchor) / cycleMs);
  for (let k = firstCycle; k <= lastCycle; k++) {
    const cycleStart = anchor + k * cycleMs;
    add(cycleStart);
    starts.forEach((s) => add(cycleStart + s));
    if (run < cycleMs) add(cycleStart + run);
  }
  return points;
}
