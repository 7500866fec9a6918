import { answer, callError, written, type CallHandled } from './call-result.js';
import { commercialModeOn, randomDelayMaxSeconds, supportsSmartCharging } from './configuration-keys.js';
import type { CallContext, DeviceState, InstalledProfile } from './device-state.js';
import type { ChargingProfile, SetChargingProfileRequest, SetChargingProfileResponse } from './ocpp-types.js';
import { sameStoredProfiles, slotsUsed, withProfile } from './profile-store.js';
import { canWrite, recordWrite, writeLimitReason } from './write-limiter.js';

// SetChargingProfile. Order of checks: connector exists (else CALLERROR, Errata 3.39) → device gates
// (firmware, commercial mode, supported purpose) → profile semantics → transaction → capacity (limits,
// slots) → unchanged (Accepted, not a write) → write limiter → store. Every rejection changes nothing.

const REJECTED: SetChargingProfileResponse = { status: 'Rejected' };

function gateRejection(state: DeviceState, connectorId: number, p: ChargingProfile): string | null {
  const s = state.settings;
  if (!supportsSmartCharging(s)) {
    return `no-smart-charging: firmware ${s.firmwareVersion} is below ${s.smartChargingMinFirmware ?? '?'}`;
  }
  if (!commercialModeOn(state)) return `commercial-mode-off: ${s.commercialModeKey ?? ''} is not true`;
  if (p.chargingProfilePurpose === 'ChargePointMaxProfile') {
    if (!s.supportsChargePointMaxProfile) return 'purpose-not-supported: ChargePointMaxProfile';
    if (connectorId !== 0) return 'invalid-connector: ChargePointMaxProfile must be on connector 0';
  }
  if (p.chargingProfilePurpose === 'TxProfile' && connectorId === 0)
    return 'invalid-connector: TxProfile needs a connector > 0';
  return null;
}

function semanticRejection(p: ChargingProfile): string | null {
  const periods = p.chargingSchedule.chargingSchedulePeriod;
  if (periods.length === 0) return 'invalid-schedule: no chargingSchedulePeriod';
  if (periods[0]?.startPeriod !== 0) return 'invalid-schedule: first startPeriod must be 0';
  if (periods.some((q, i) => i > 0 && q.startPeriod <= (periods[i - 1]?.startPeriod ?? -1))) {
    return 'invalid-schedule: startPeriod values must increase strictly';
  }
  if ((p.chargingProfileKind === 'Recurring') !== (p.recurrencyKind !== undefined)) {
    return 'invalid-recurrence: recurrencyKind is required for Recurring and forbidden otherwise';
  }
  if (p.chargingProfileKind === 'Recurring' && p.chargingSchedule.startSchedule === undefined) {
    return 'invalid-recurrence: a Recurring schedule needs startSchedule';
  }
  if (p.validFrom !== undefined && p.validTo !== undefined && Date.parse(p.validFrom) >= Date.parse(p.validTo)) {
    return 'invalid-validity: validFrom must be before validTo';
  }
  if (p.transactionId !== undefined && p.chargingProfilePurpose !== 'TxProfile') {
    return 'transaction-id-not-allowed: only a TxProfile carries transactionId';
  }
  return null;
}

function transactionRejection(state: DeviceState, connectorId: number, p: ChargingProfile): string | null {
  if (p.chargingProfilePurpose !== 'TxProfile') return null;
  const active = state.connectors.find((c) => c.connectorId === connectorId)?.transaction?.transactionId ?? null;
  if (active === null) return `no-active-transaction: no transaction is active on connector ${connectorId}`;
  if (p.transactionId !== undefined && p.transactionId !== active) {
    return `transaction-mismatch: transaction ${p.transactionId} is not the active one (${active})`;
  }
  return null;
}

function capacityRejection(state: DeviceState, p: ChargingProfile, after: InstalledProfile[]): string | null {
  const limits = state.settings.smartChargingLimits;
  const periods = p.chargingSchedule.chargingSchedulePeriod.length;
  if (limits) {
    if (p.stackLevel > limits.chargeProfileMaxStackLevel) {
      return `stack-level-too-high: ${p.stackLevel} > ChargeProfileMaxStackLevel ${limits.chargeProfileMaxStackLevel}`;
    }
    const unitName = p.chargingSchedule.chargingRateUnit === 'A' ? 'Current' : 'Power';
    if (!limits.allowedChargingRateUnits.includes(unitName)) {
      return `unit-not-allowed: ${p.chargingSchedule.chargingRateUnit} (allowed: ${limits.allowedChargingRateUnits.join(',')})`;
    }
    if (periods > limits.chargingScheduleMaxPeriods) {
      return `too-many-periods: ${periods} > ChargingScheduleMaxPeriods ${limits.chargingScheduleMaxPeriods}`;
    }
    if (after.length > limits.maxChargingProfilesInstalled) {
      return `too-many-profiles: ${after.length} > MaxChargingProfilesInstalled ${limits.maxChargingProfilesInstalled}`;
    }
  }
  const slotLimit = state.settings.slotLimit;
  if (slotLimit !== null && slotsUsed(after) > slotLimit) {
    return `slots-exhausted: ${slotsUsed(after)} periods would be stored, the limit is ${slotLimit}`;
  }
  return null;
}

/** Whole seconds in [0, max], uniform; random() is expected in [0, 1). */
export function drawDelaySeconds(max: number, random: () => number): number {
  if (max <= 0) return 0;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.min(max, Math.floor(r * (max + 1)));
}

export function handleSetChargingProfile(
  state: DeviceState,
  request: SetChargingProfileRequest,
  ctx: CallContext,
): CallHandled<SetChargingProfileResponse> {
  const { connectorId, csChargingProfiles: profile } = request;
  if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > state.settings.numberOfConnectors) {
    return callError(state, 'PropertyConstraintViolation', `connectorId ${connectorId} unknown`);
  }
  const rejection =
    gateRejection(state, connectorId, profile) ??
    semanticRejection(profile) ??
    transactionRejection(state, connectorId, profile);
  if (rejection) return answer(state, REJECTED, rejection);

  const candidate: InstalledProfile = { connectorId, profile, installedAt: ctx.now, randomDelaySeconds: 0 };
  const after = withProfile(state.settings, state.profiles, candidate);
  const capacity = capacityRejection(state, profile, after);
  if (capacity) return answer(state, REJECTED, capacity);
  if (sameStoredProfiles(state.profiles, after)) {
    return answer(state, { status: 'Accepted' }, 'unchanged: the same profile is already stored; not a memory write');
  }
  const limit = state.settings.writeLimit;
  if (!canWrite(state.writeLog, limit, ctx.now)) {
    return answer(state, REJECTED, writeLimitReason(state.writeLog, limit, ctx.now));
  }
  const entry: InstalledProfile = {
    ...candidate,
    randomDelaySeconds: drawDelaySeconds(randomDelayMaxSeconds(state), ctx.random),
  };
  const profiles = withProfile(state.settings, state.profiles, entry);
  return written({ ...state, profiles, writeLog: recordWrite(state.writeLog, limit, ctx.now) }, { status: 'Accepted' });
}
