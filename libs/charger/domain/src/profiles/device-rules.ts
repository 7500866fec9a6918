import {
  desiredOf,
  firmwareAtLeast,
  installedAfterSet,
  isOn,
  replaces,
  slotsUsed,
  type DeviceCapabilities,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import type { ChargerState } from '../state.js';
import { refusal, type Refusal } from './refusal.js';

/** The profiles the charger is to hold once every desired change is made (the ledger's D2). */
export const desiredInstalled = (state: ChargerState): InstalledProfile[] => desiredOf(state);

/** Gates of the device that may open later (firmware, commercial mode, feature profile): checked on known facts only. */
export function checkDeviceGates(state: ChargerState, caps: DeviceCapabilities): Refusal | null {
  // L12: the charger itself answered that it has no smart charging.
  if (state.smartChargingMissing) {
    return refusal(
      'SMART_CHARGING_NOT_SUPPORTED',
      `The charger answered a profile write with ${state.smartChargingMissing.code}: it does not support smart charging, so it cannot take charging profiles.`,
    );
  }
  const features = state.configuration['SupportedFeatureProfiles'];
  if (
    features !== undefined &&
    !features
      .split(',')
      .map((f) => f.trim())
      .includes('SmartCharging')
  ) {
    return refusal(
      'SMART_CHARGING_NOT_SUPPORTED',
      `The charger reports feature profiles "${features}" without SmartCharging, so it cannot take charging profiles.`,
    );
  }
  if (caps.minimumFirmware && state.firmwareVersion && !firmwareAtLeast(state.firmwareVersion, caps.minimumFirmware)) {
    return refusal(
      'FIRMWARE_TOO_OLD',
      `Firmware ${state.firmwareVersion} does not support charging profiles; ${caps.model} needs ${caps.minimumFirmware} or later.`,
      {
        firmwareVersion: state.firmwareVersion,
        minimumFirmware: caps.minimumFirmware,
      },
    );
  }
  const mode = caps.commercialModeKey ? state.configuration[caps.commercialModeKey] : undefined;
  if (caps.commercialModeKey && mode !== undefined && !isOn(mode)) {
    return refusal(
      'COMMERCIAL_MODE_OFF',
      `Commercial mode is off on this ${caps.model} (${caps.commercialModeKey}=${mode}); it ignores charging profiles until it is switched on.`,
    );
  }
  return null;
}

/** What the device model can hold (SMART-CHARGING.md V6–V10, V18–V22). */
export function checkDeviceRules(
  state: ChargerState,
  incoming: InstalledProfile,
  caps: DeviceCapabilities,
): Refusal | null {
  const gate = checkDeviceGates(state, caps);
  if (gate) return gate;
  const p = incoming.profile;
  const s = p.chargingSchedule;
  if (!caps.purposes.includes(p.chargingProfilePurpose)) {
    return refusal(
      'PURPOSE_NOT_SUPPORTED',
      `${caps.model} does not take ${p.chargingProfilePurpose}; it supports ${caps.purposes.join(' and ')}.`,
    );
  }
  if (
    !caps.kinds.includes(p.chargingProfileKind) ||
    (p.recurrencyKind && !caps.recurrencyKinds.includes(p.recurrencyKind))
  ) {
    const kind = p.recurrencyKind ? `${p.chargingProfileKind} ${p.recurrencyKind}` : p.chargingProfileKind;
    return refusal('KIND_NOT_SUPPORTED', `${caps.model} does not take ${kind} profiles.`);
  }
  if (!caps.rateUnits.includes(s.chargingRateUnit)) {
    return refusal(
      'RATE_UNIT_NOT_SUPPORTED',
      `This charger takes limits in ${caps.rateUnits.join(' or ')}, not ${s.chargingRateUnit}.`,
    );
  }
  if (caps.maxStackLevel !== null && p.stackLevel > caps.maxStackLevel) {
    return refusal(
      'STACK_LEVEL_TOO_HIGH',
      `Stack level ${p.stackLevel} is above the charger's maximum of ${caps.maxStackLevel}.`,
      { maxStackLevel: caps.maxStackLevel },
    );
  }
  const periods = s.chargingSchedulePeriod.length;
  if (caps.maxPeriodsPerSchedule !== null && periods > caps.maxPeriodsPerSchedule) {
    return refusal(
      'TOO_MANY_PERIODS',
      `The schedule has ${periods} periods; this charger takes at most ${caps.maxPeriodsPerSchedule} per schedule.`,
      {
        periods,
        max: caps.maxPeriodsPerSchedule,
      },
    );
  }
  if (p.chargingProfilePurpose === 'TxProfile') {
    const tx = state.transactions.find((t) => t.connectorId === incoming.connectorId);
    if (!tx)
      return refusal(
        'NO_ACTIVE_TRANSACTION',
        `A TxProfile needs a charging session on connector ${incoming.connectorId}, and there is none.`,
      );
    if (p.transactionId !== undefined && p.transactionId !== tx.transactionId) {
      return refusal(
        'TRANSACTION_ID_MISMATCH',
        `Transaction ${p.transactionId} is not the one running on connector ${incoming.connectorId} (${tx.transactionId}).`,
      );
    }
  }
  const target = desiredInstalled(state).filter((d) => d.profile.chargingProfileId !== p.chargingProfileId);
  const after = installedAfterSet(target, incoming, caps);
  if (caps.maxProfilesInstalled !== null && after.length > caps.maxProfilesInstalled) {
    return refusal(
      'TOO_MANY_PROFILES',
      `The charger would hold ${after.length} profiles; it takes at most ${caps.maxProfilesInstalled}.`,
    );
  }
  if (caps.slotPool !== null && slotsUsed(after) > caps.slotPool) {
    const used = slotsUsed(target.filter((d) => !replaces(d, incoming, caps)));
    return refusal(
      'SLOTS_EXCEEDED',
      `The profile needs ${periods} slots but only ${caps.slotPool - used} of the charger's ${caps.slotPool} are free (${used} used by its other profiles).`,
      {
        used,
        needed: periods,
        max: caps.slotPool,
      },
    );
  }
  return null;
}
