import type { ChargingProfile, ChargingSchedulePeriod } from '@chargeplane/contracts-ocpp';

const CYCLE_MS = { Daily: 86_400_000, Weekly: 604_800_000 } as const;

/**
 * The period a profile runs at instant `atMs` (§3.10 steps 1–2), or null when it is not active then
 * (before its start or validFrom, after its duration or validTo). Relative schedules have no instant: null.
 */
export function periodAt(profile: ChargingProfile, atMs: number): ChargingSchedulePeriod | null {
  const schedule = profile.chargingSchedule;
  if (schedule.startSchedule === undefined) return null;
  if (profile.validFrom !== undefined && atMs < Date.parse(profile.validFrom)) return null;
  if (profile.validTo !== undefined && atMs >= Date.parse(profile.validTo)) return null;
  const anchor = Date.parse(schedule.startSchedule);
  if (atMs < anchor) return null;
  let offsetMs = atMs - anchor;
  if (profile.chargingProfileKind === 'Recurring' && profile.recurrencyKind)
    offsetMs %= CYCLE_MS[profile.recurrencyKind];
  if (schedule.duration !== undefined && offsetMs >= schedule.duration * 1000) return null;
  let found: ChargingSchedulePeriod | null = null;
  for (const period of schedule.chargingSchedulePeriod) if (period.startPeriod * 1000 <= offsetMs) found = period;
  return found;
}

/** The limit a profile sets at instant `atMs`, or null when it is not active then. */
export function limitAt(profile: ChargingProfile, atMs: number): number | null {
  return periodAt(profile, atMs)?.limit ?? null;
}
