import type { ChargingProfile } from '@chargeplane/contracts-ocpp';

const round1 = (n: number) => Math.round(n * 10) / 10;
/** How many distinct timestamps `utcSecond` remembers (a fleet's profiles share a handful); then it starts again. */
const UTC_SECOND_MEMO = 4_096;
const utcSeconds = new Map<string, string>();

/**
 * The one form of a timestamp the platform stores and sends: UTC, whole seconds, `Z` (`2026-01-06T00:00:00Z`).
 * Remembered per input text: every profile comparison asks it again for the same few timestamps, and parsing and
 * printing a date was most of the comparison's cost. A text that is not a date throws, and is not remembered.
 */
export function utcSecond(iso: string): string {
  const known = utcSeconds.get(iso);
  if (known !== undefined) return known;
  const utc = new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (utcSeconds.size >= UTC_SECOND_MEMO) utcSeconds.clear();
  utcSeconds.set(iso, utc);
  return utc;
}

/**
 * The profile with its timestamps (startSchedule, validFrom, validTo) in the canonical form — normalised
 * before a profile is stored or sent, so an offset such as `+01:00` never reaches a charger. Everything else is
 * left as given.
 */
export function withUtcTimestamps(p: ChargingProfile): ChargingProfile {
  const s = p.chargingSchedule;
  return {
    ...p,
    ...(p.validFrom !== undefined ? { validFrom: utcSecond(p.validFrom) } : {}),
    ...(p.validTo !== undefined ? { validTo: utcSecond(p.validTo) } : {}),
    chargingSchedule: {
      ...s,
      ...(s.startSchedule !== undefined ? { startSchedule: utcSecond(s.startSchedule) } : {}),
    },
  };
}

/**
 * The canonical form of a profile (docs/domain/write-budget.md §2.1): timestamps as UTC whole seconds, limits at
 * one decimal, spec defaults made explicit (numberPhases 3), keys in a fixed order. Two profiles that
 * a charger would treat alike have the same canonical form.
 */
export function canonicalProfile(p: ChargingProfile): ChargingProfile {
  const s = p.chargingSchedule;
  return {
    chargingProfileId: p.chargingProfileId,
    ...(p.transactionId !== undefined ? { transactionId: p.transactionId } : {}),
    stackLevel: p.stackLevel,
    chargingProfilePurpose: p.chargingProfilePurpose,
    chargingProfileKind: p.chargingProfileKind,
    ...(p.recurrencyKind !== undefined ? { recurrencyKind: p.recurrencyKind } : {}),
    ...(p.validFrom !== undefined ? { validFrom: utcSecond(p.validFrom) } : {}),
    ...(p.validTo !== undefined ? { validTo: utcSecond(p.validTo) } : {}),
    chargingSchedule: {
      ...(s.duration !== undefined ? { duration: s.duration } : {}),
      ...(s.startSchedule !== undefined ? { startSchedule: utcSecond(s.startSchedule) } : {}),
      chargingRateUnit: s.chargingRateUnit,
      chargingSchedulePeriod: s.chargingSchedulePeriod.map((period) => ({
        startPeriod: period.startPeriod,
        limit: round1(period.limit),
        numberPhases: period.numberPhases ?? 3,
      })),
      ...(s.minChargingRate !== undefined ? { minChargingRate: round1(s.minChargingRate) } : {}),
    },
  };
}

/** Whether two profiles are the same write (so sending one over the other would change nothing). */
export function sameProfile(a: ChargingProfile, b: ChargingProfile): boolean {
  return JSON.stringify(canonicalProfile(a)) === JSON.stringify(canonicalProfile(b));
}
