import type { ChargingProfile } from '@chargeplane/contracts-ocpp';

const CYCLE_SECONDS = { Daily: 86_400, Weekly: 604_800 } as const;

/**
 * How a relevant time is moved: shift the anchor, a period start, or the end (no period added); or, for
 * the change a write makes at the moment it is installed, hold the previous limit (installation-delay.ts).
 */
export type DelayPoint = { at: 'anchor' } | { at: 'boundary'; index: number } | { at: 'end' } | { at: 'installation' };

/**
 * One relevant time of a schedule (reg 11): a point where, but for the delay, charging would start,
 * stop, rise or fall because of this profile.
 */
export interface RelevantTime {
  point: DelayPoint;
  change: 'start' | 'increase' | 'decrease' | 'end';
  /** Seconds from the nominal schedule start. */
  nominalOffset: number;
  /** Seconds to the next nominal boundary: a delay stays below it, so boundaries never cross. */
  gapSeconds: number;
  /** The next occurrence at or after now (null for a Relative schedule, anchored at transaction start). */
  nominalAtMs: number | null;
}

/** A profile's schedule as the delay rules see it; null when the profile is malformed (profile-command refuses those). */
export interface ScheduleAnalysis {
  kind: ChargingProfile['chargingProfileKind'];
  anchorMs: number | null;
  cycleSeconds: number | null;
  /** Duration as given (null: open-ended, or the whole cycle of a recurring schedule). */
  durationSeconds: number | null;
  startPeriods: number[];
  relevant: RelevantTime[];
}

/** The rate a period allows: amperes per phase times phases (spec default 3), or watts. */
function rateOf(profile: ChargingProfile, index: number): number {
  const period = profile.chargingSchedule.chargingSchedulePeriod[index]!;
  const limit = Math.round(period.limit * 10) / 10;
  return profile.chargingSchedule.chargingRateUnit === 'A' ? limit * (period.numberPhases ?? 3) : limit;
}

function wellFormed(starts: readonly number[], durationSeconds: number | null, cycleSeconds: number | null): boolean {
  if (starts.length === 0 || starts[0] !== 0) return false;
  if (!starts.every((s, i) => Number.isInteger(s) && (i === 0 || s > starts[i - 1]!))) return false;
  const cover = durationSeconds ?? cycleSeconds;
  if (durationSeconds !== null && (!Number.isInteger(durationSeconds) || durationSeconds <= 0)) return false;
  if (cycleSeconds !== null && durationSeconds !== null && durationSeconds > cycleSeconds) return false;
  // A period at or after the end of the schedule would never run (Errata 3.44): not ours to repair.
  return cover === null || starts.at(-1)! < cover;
}

/** The next occurrence, at or after `nowMs`, of `offset` in a schedule anchored at `anchorMs` and repeating every `cycle` s. */
function nextOccurrence(anchorMs: number, offset: number, cycle: number | null, nowMs: number): number {
  const first = anchorMs + offset * 1000;
  if (cycle === null || first >= nowMs) return first;
  const cycles = Math.ceil((nowMs - first) / (cycle * 1000));
  return first + cycles * cycle * 1000;
}

/**
 * Finds the relevant times of a profile at `nowMs`: every period boundary where the rate rises or falls,
 * the start (an Absolute schedule starting in the future; a recurring schedule's daily restart when it
 * changes the rate) and the end of a schedule with a duration. Boundaries of an Absolute schedule
 * already in the past are not relevant any more.
 */
export function analyseSchedule(profile: ChargingProfile, nowMs: number): ScheduleAnalysis | null {
  const schedule = profile.chargingSchedule;
  const kind = profile.chargingProfileKind;
  const starts = schedule.chargingSchedulePeriod.map((p) => p.startPeriod);
  const cycleSeconds =
    kind === 'Recurring' ? (profile.recurrencyKind ? CYCLE_SECONDS[profile.recurrencyKind] : null) : null;
  if (kind === 'Recurring' && cycleSeconds === null) return null;
  const anchorMs = schedule.startSchedule === undefined ? null : Date.parse(schedule.startSchedule);
  if (kind !== 'Relative' && (anchorMs === null || Number.isNaN(anchorMs))) return null;
  const durationSeconds = schedule.duration ?? null;
  if (!wellFormed(starts, durationSeconds, cycleSeconds)) return null;

  const cover = cycleSeconds === null ? durationSeconds : Math.min(durationSeconds ?? cycleSeconds, cycleSeconds);
  const fullCycle = cycleSeconds !== null && cover === cycleSeconds;
  const nextAfter = (i: number) => starts[i + 1] ?? (cover === null ? Number.POSITIVE_INFINITY : cover);
  const when = (offset: number) => (anchorMs === null ? null : nextOccurrence(anchorMs, offset, cycleSeconds, nowMs));
  const upcoming = (offset: number) => kind !== 'Absolute' || anchorMs! + offset * 1000 > nowMs;
  const relevant: RelevantTime[] = [];

  const last = starts.length - 1;
  const anchorChanges = fullCycle ? rateOf(profile, 0) !== rateOf(profile, last) : kind !== 'Relative';
  if (anchorChanges && upcoming(0)) {
    const change = fullCycle ? (rateOf(profile, 0) > rateOf(profile, last) ? 'increase' : 'decrease') : 'start';
    relevant.push({
      point: { at: 'anchor' },
      change,
      nominalOffset: 0,
      gapSeconds: nextAfter(0),
      nominalAtMs: when(0),
    });
  }
  for (let i = 1; i <= last; i++) {
    const before = rateOf(profile, i - 1);
    const after = rateOf(profile, i);
    if (before === after || !upcoming(starts[i]!)) continue;
    relevant.push({
      point: { at: 'boundary', index: i },
      change: after > before ? 'increase' : 'decrease',
      nominalOffset: starts[i]!,
      gapSeconds: nextAfter(i) - starts[i]!,
      nominalAtMs: when(starts[i]!),
    });
  }
  if (cover !== null && !fullCycle && upcoming(cover)) {
    // After the end the charger falls back to whatever else is installed: a change of unknown direction.
    const gap = cycleSeconds === null ? Number.POSITIVE_INFINITY : cycleSeconds - cover;
    relevant.push({
      point: { at: 'end' },
      change: 'end',
      nominalOffset: cover,
      gapSeconds: gap,
      nominalAtMs: when(cover),
    });
  }
  return { kind, anchorMs, cycleSeconds, durationSeconds, startPeriods: starts, relevant };
}
