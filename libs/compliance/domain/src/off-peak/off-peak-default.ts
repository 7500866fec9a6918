import { OFF_PEAK_DEFAULT_PROFILE_ID, type PeakWindow } from '@chargeplane/contracts-events';
import type { ChargingProfile, ChargingSchedulePeriod } from '@chargeplane/contracts-ocpp';
import {
  addDays,
  londonDateTime,
  londonToUtc,
  nextLondonClockChange,
  weekdayOf,
  type LocalDate,
} from '../time/london-time.js';

/** Reg 10 peak hours: 08:00–11:00 and 16:00–22:00 on weekdays, Europe/London (§4.4). */
export const GB_PEAK_WINDOWS: readonly PeakWindow[] = [
  { from: '08:00', to: '11:00' },
  { from: '16:00', to: '22:00' },
];

export interface OffPeakDefaultRequest {
  nowMs: number;
  connectorId: number;
  /** The cap outside blocked hours (amperes per phase). */
  allowLimitA: number;
  blockedWindows: readonly PeakWindow[];
  /** The owner's peak override: blocks before this instant are lifted. */
  overrideUntilMs: number | null;
  horizonDays: number;
  /** How long before the horizon ends the next profile is written. */
  leadSeconds: number;
}

export interface OffPeakDefault {
  profile: ChargingProfile;
  horizonEndMs: number;
  nextWriteAtMs: number;
  nextWriteReason: 'horizon-end' | 'clock-change';
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const utcSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Blocked (peak) intervals [from, to) in UTC ms on the weekdays within [startMs, endMs), clipped and merged;
 * blocks before `liftedUntilMs` (the owner's override) are lifted. The off-peak default and the operator
 * console's peak shading both read peak hours through this one function.
 */
export function blockedIntervals(
  blockedWindows: readonly PeakWindow[],
  startMs: number,
  endMs: number,
  liftedUntilMs: number | null = null,
): [number, number][] {
  const intervals: [number, number][] = [];
  const first = londonDateTime(startMs);
  // From the day before: a window of yesterday may run past midnight.
  let date: LocalDate = addDays({ year: first.year, month: first.month, day: first.day }, -1);
  for (let guard = 0; guard < 400 && londonToUtc(date, 0) < endMs; guard++, date = addDays(date, 1)) {
    if (weekdayOf(date) > 5) continue;
    for (const window of blockedWindows) {
      const fromMinute = minutesOf(window.from);
      const toMinute = minutesOf(window.to) <= fromMinute ? minutesOf(window.to) + 1440 : minutesOf(window.to);
      const from = Math.max(londonToUtc(date, fromMinute), startMs, liftedUntilMs ?? startMs);
      const to = Math.min(londonToUtc(date, toMinute), endMs);
      if (to > from) intervals.push([from, to]);
    }
  }
  intervals.sort((a, b) => a[0] - b[0]);
  return intervals.reduce<[number, number][]>((merged, [from, to]) => {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
    return merged;
  }, []);
}

/**
 * The platform's default off-peak TxDefaultProfile (reg 10): Absolute, from a minute ago, charging at
 * `allowLimitA` except in the blocked weekday windows (limit 0), each local day converted to UTC with
 * that day's offset. A profile never runs across a clock change it was not issued for: it ends at the
 * next BST/GMT change more than 36 h away (or after `horizonDays` local days), and `nextWriteAtMs` asks
 * for the next profile `leadSeconds` ahead of that.
 */
export function buildOffPeakDefault(request: OffPeakDefaultRequest): OffPeakDefault {
  const startMs = Math.floor(request.nowMs / 60_000) * 60_000 - 60_000;
  const today = londonDateTime(request.nowMs);
  const horizonMs = londonToUtc(
    addDays({ year: today.year, month: today.month, day: today.day }, request.horizonDays),
    0,
  );
  // A change within 36 h is the one this profile is issued ahead of: it spans it, with the new offset.
  const change = nextLondonClockChange(request.nowMs + 36 * 3_600_000, horizonMs);
  const horizonEndMs = change ?? horizonMs;
  const allow = Math.round(request.allowLimitA * 10) / 10;
  const periods: ChargingSchedulePeriod[] = [];
  const push = (atMs: number, limit: number) => {
    const startPeriod = Math.round((atMs - startMs) / 1000);
    const last = periods.at(-1);
    if (last?.startPeriod === startPeriod) periods.pop();
    if (periods.at(-1)?.limit === limit) return;
    periods.push({ startPeriod, limit });
  };
  push(startMs, allow);
  for (const [from, to] of blockedIntervals(request.blockedWindows, startMs, horizonEndMs, request.overrideUntilMs)) {
    push(from, 0);
    if (to < horizonEndMs) push(to, allow);
  }
  return {
    profile: {
      chargingProfileId: OFF_PEAK_DEFAULT_PROFILE_ID,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        duration: Math.round((horizonEndMs - startMs) / 1000),
        startSchedule: utcSecond(startMs),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: periods,
      },
    },
    horizonEndMs,
    nextWriteAtMs: Math.max(request.nowMs, horizonEndMs - request.leadSeconds * 1000),
    nextWriteReason: change === null ? 'horizon-end' : 'clock-change',
  };
}
