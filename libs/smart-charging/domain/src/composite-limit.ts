import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { RateUnit } from './capabilities.js';
import type { InstalledProfile } from './installed-profiles.js';

// The composite limit at an instant (Spec §3.13.3, §3.10): one rule, used by the twin's expected
// composite and by compliance-gb's "limit in force" at a write (reg 11).

const DAY_MS = 86_400_000;
const WEEK_MS = 604_800_000;
/** A↔W at the nominal line voltage, never a measured one (§3.6; GB: 230 V). */
export const NOMINAL_VOLTAGE_V = 230;

/** What the composite of one connector is predicted from: the confirmed profiles and the running transaction. */
export interface CompositeInput {
  profiles: readonly InstalledProfile[];
  connectorId: number;
  /** The schedule's start (the charger's `scheduleStart`), ms. */
  fromMs: number;
  unit: RateUnit;
  transaction: { transactionId: number; startedAtMs: number } | null;
}

/** A limit from `second` (relative to `fromMs`) on; null: no profile limits the connector (hardware maximum). */
export interface CompositeStep {
  second: number;
  limit: number | null;
}

/** Converts a limit; a period without `numberPhases` means 3 phases (the twin does not know the hardware's). */
export function convertLimit(limit: number, from: RateUnit, to: RateUnit, numberPhases: number | undefined): number {
  if (from === to) return limit;
  const volts = NOMINAL_VOLTAGE_V * (numberPhases ?? 3);
  return from === 'A' ? limit * volts : limit / volts;
}

export const recurrenceMs = (p: ChargingProfile): number | null =>
  p.chargingProfileKind !== 'Recurring' ? null : p.recurrencyKind === 'Weekly' ? WEEK_MS : DAY_MS;

/** Offset 0 of the schedule: startSchedule; Relative (or unanchored Absolute) from the transaction start, else the schedule start. */
export function anchorMs(p: ChargingProfile, input: CompositeInput): number | null {
  const start = p.chargingSchedule.startSchedule === undefined ? null : Date.parse(p.chargingSchedule.startSchedule);
  const relative = input.transaction?.startedAtMs ?? input.fromMs;
  if (p.chargingProfileKind === 'Relative') return relative;
  if (p.chargingProfileKind === 'Absolute') return start ?? relative;
  return start;
}

/** The running part of one cycle: periods at or after min(duration, recurrence) never run (Errata 3.43/3.44). */
export function runLengthMs(p: ChargingProfile): number {
  const recurrence = recurrenceMs(p);
  const duration = p.chargingSchedule.duration === undefined ? Infinity : p.chargingSchedule.duration * 1000;
  return recurrence === null ? duration : Math.min(duration, recurrence);
}

/** What one profile allows at t, in the input's unit, or null when it is not active then. */
function limitAt(
  entry: InstalledProfile,
  t: number,
  input: CompositeInput,
): { limit: number; stackLevel: number } | null {
  const p = entry.profile;
  if (
    (p.validFrom !== undefined && t < Date.parse(p.validFrom)) ||
    (p.validTo !== undefined && t >= Date.parse(p.validTo))
  )
    return null;
  const anchor = anchorMs(p, input);
  if (anchor === null || t < anchor) return null;
  const recurrence = recurrenceMs(p);
  const offset = recurrence === null ? t - anchor : (t - anchor) % recurrence;
  if (offset >= runLengthMs(p)) return null;
  const period = p.chargingSchedule.chargingSchedulePeriod.filter((x) => x.startPeriod * 1000 <= offset).at(-1);
  if (!period) return null;
  return {
    limit: convertLimit(period.limit, p.chargingSchedule.chargingRateUnit, input.unit, period.numberPhases),
    stackLevel: p.stackLevel,
  };
}

/** Per purpose the highest active stack level prevails; between equals, the lower limit (the safer reading). */
function prevailing(entries: readonly InstalledProfile[], t: number, input: CompositeInput): number | null {
  let best: { limit: number; stackLevel: number } | null = null;
  for (const entry of entries) {
    const l = limitAt(entry, t, input);
    if (l && (!best || l.stackLevel > best.stackLevel || (l.stackLevel === best.stackLevel && l.limit < best.limit)))
      best = l;
  }
  return best?.limit ?? null;
}

const of = (input: CompositeInput, purpose: ChargingProfile['chargingProfilePurpose'], connectorId: number) =>
  input.profiles.filter((p) => p.profile.chargingProfilePurpose === purpose && p.connectorId === connectorId);

/** The composite at t (Spec §3.13.3): min(ChargePointMaxProfile, TxProfile of the running transaction else TxDefaultProfile). */
export function compositeAt(input: CompositeInput, t: number): number | null {
  const tx = input.transaction;
  const txProfiles = tx
    ? of(input, 'TxProfile', input.connectorId).filter(
        (p) => p.profile.transactionId === undefined || p.profile.transactionId === tx.transactionId,
      )
    : [];
  const transactionLimit =
    prevailing(txProfiles, t, input) ??
    prevailing(of(input, 'TxDefaultProfile', input.connectorId), t, input) ??
    prevailing(of(input, 'TxDefaultProfile', 0), t, input);
  const cap = prevailing(of(input, 'ChargePointMaxProfile', 0), t, input);
  if (transactionLimit === null) return cap;
  return cap === null ? transactionLimit : Math.min(cap, transactionLimit);
}
