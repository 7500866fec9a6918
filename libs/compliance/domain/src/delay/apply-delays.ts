import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { RelevantTime, ScheduleAnalysis } from './relevant-times.js';

/** The draw for one relevant time: its bound (uniform over 0..bound) and the delay drawn (0 when exempt). */
export interface Draw {
  relevant: RelevantTime;
  boundSeconds: number;
  delaySeconds: number;
}

/** A relevant time as delivered: where it now is in the delivered schedule. */
export interface DeliveredTime extends Draw {
  /** Offset in the delivered schedule (anchor: 0; end: the delivered duration). */
  startPeriod: number;
}

/** The largest delay a relevant time may get: the maximum, or less so it stays before the next boundary. */
export function delayBound(relevant: RelevantTime, maxDelaySeconds: number): number {
  return Math.max(0, Math.min(maxDelaySeconds, relevant.gapSeconds - 1));
}

const utcSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The anchor moved by its delay. A recurring schedule already running keeps an anchor at or before now
 * (rule G2): whole cycles earlier mean the same instants, and the charger runs it from the moment it is
 * installed instead of falling back to nothing (zappi's single TxDefault, Z8) until the moved anchor.
 */
function delayedAnchor(analysis: ScheduleAnalysis, anchorDelay: number, nowMs: number): number {
  const moved = analysis.anchorMs! + anchorDelay * 1000;
  const cycleMs = analysis.cycleSeconds === null ? null : analysis.cycleSeconds * 1000;
  if (cycleMs === null || analysis.anchorMs! > nowMs || moved <= nowMs) return moved;
  return moved - Math.ceil((moved - nowMs) / cycleMs) * cycleMs;
}

/**
 * Moves each relevant time of `profile` later by its delay without adding a period: a boundary by
 * raising its startPeriod, the end by lengthening the duration, the start by moving startSchedule (every
 * other offset is lowered by the same amount so it keeps its own instant). Boundaries keep their order.
 */
export function applyDelays(
  profile: ChargingProfile,
  analysis: ScheduleAnalysis,
  draws: readonly Draw[],
  nowMs: number,
): { profile: ChargingProfile; delivered: DeliveredTime[] } {
  const anchorDelay = draws.find((d) => d.relevant.point.at === 'anchor')?.delaySeconds ?? 0;
  const endDelay = draws.find((d) => d.relevant.point.at === 'end')?.delaySeconds ?? 0;
  const boundaryDelay = new Map<number, number>();
  for (const d of draws)
    if (d.relevant.point.at === 'boundary') boundaryDelay.set(d.relevant.point.index, d.delaySeconds);

  const schedule = profile.chargingSchedule;
  const periods = schedule.chargingSchedulePeriod.map((p, i) =>
    i === 0 ? { ...p } : { ...p, startPeriod: p.startPeriod + (boundaryDelay.get(i) ?? 0) - anchorDelay },
  );
  const cycleOwnsDuration =
    analysis.cycleSeconds !== null && (analysis.durationSeconds ?? analysis.cycleSeconds) >= analysis.cycleSeconds;
  const duration =
    analysis.durationSeconds === null || cycleOwnsDuration
      ? schedule.duration
      : analysis.durationSeconds + endDelay - anchorDelay;
  const startSchedule =
    anchorDelay > 0 && analysis.anchorMs !== null
      ? utcSecond(delayedAnchor(analysis, anchorDelay, nowMs))
      : schedule.startSchedule;

  const starts = periods.map((p) => p.startPeriod);
  const ordered = starts.every((s, i) => (i === 0 ? s === 0 : s > starts[i - 1]!));
  if (!ordered || (duration !== undefined && starts.at(-1)! >= duration)) {
    throw new Error(
      `delays would reorder the periods of profile ${profile.chargingProfileId}: a bound was not respected`,
    );
  }
  const delivered = draws.map((d): DeliveredTime => {
    const point = d.relevant.point;
    if (point.at === 'installation') throw new Error('the installation change is applied by delayInstallation');
    const startPeriod =
      point.at === 'anchor' ? 0 : point.at === 'end' ? (duration ?? 0) : periods[point.index]!.startPeriod;
    return { ...d, startPeriod };
  });
  return {
    profile: {
      ...profile,
      chargingSchedule: {
        ...schedule,
        ...(startSchedule !== undefined ? { startSchedule } : {}),
        ...(duration !== undefined ? { duration } : {}),
        chargingSchedulePeriod: periods,
      },
    },
    delivered,
  };
}
