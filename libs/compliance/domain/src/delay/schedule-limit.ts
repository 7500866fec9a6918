import type { ChargingProfile } from '@chargeplane/contracts-ocpp';

const CYCLE_MS = { Daily: 86_400_000, Weekly: 604_800_000 } as const;

/**
 * The limit a profile sets at instant `atMs` (SMART-CHARGING.md §3.10 steps 1–2), or null when it is not
 * active then (before its start, after its duration). Relative schedules have no instant: null.
 */
export function limitAt(profile: ChargingProfile, atMs: number): number | null {
  const schedule = profile.chargingSchedule;
  if (schedule.startSchedule === undefined) return null;
  const anchor = Date.parse(schedule.startSchedule);
  if (atMs < anchor) return null;
  let offsetMs = atMs - anchor;
  if (profile.chargingProfileKind === 'Recurring' && profile.recurrencyKind)
    offsetMs %= CYCLE_MS[profile.recurrencyKind];
  if (schedule.duration !== undefined && offsetMs >= schedule.duration * 1000) return null;
  let limit: number | null = null;
  for (const period of schedule.chargingSchedulePeriod) if (period.startPeriod * 1000 <= offsetMs) limit = period.limit;
  return limit;
}
