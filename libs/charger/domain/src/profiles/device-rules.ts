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

/**
 * Every gate of the device, as checked before each write: one closed on a known fact, or one the platform
 * cannot see open (unknown firmware, commercial mode not reported, a configuration read that failed). Writes
 * wait while any is closed (V16, V18, V19; Z4, Z5, Z17).
 */
export function checkDeviceGates(state: ChargerState, caps: DeviceCapabilities): Refusal | null {
  return checkClosedGates(state, caps) ?? checkUnknownGates(state, caps);
}

/**
 * Gates whose state the platform does not know, or no longer trusts: writes wait until a fresh boot or
 * configuration read says otherwise. Never a reason to refuse the CPO's profile (the gate may well be open).
 */
export function checkUnknownGates(state: ChargerState, caps: DeviceCapabilities): Refusal | null {
  const failedRead = state.configurationReadFailure;
  if (failedRead !== null) {
    return refusal(
      'CONFIGURATION_READ_FAILED',
      `The charger's configuration could not be read since it last connected (${failedRead}); writes wait for a read that succeeds.`,
    );
  }
  if (caps.minimumFirmware && !state.firmwareVersion) {
    return refusal(
      'FIRMWARE_UNKNOWN',
      `This ${caps.model} has not reported its firmware since it booted; profiles need ${caps.minimumFirmware} or later, so writes wait until it does.`,
    );
  }
  if (caps.commercialModeKey && state.configuration[caps.commercialModeKey] === undefined) {
    return refusal(
      'COMMERCIAL_MODE_UNKNOWN',
      `This ${caps.model} has not reported ${caps.commercialModeKey} since it booted; writes wait until it reports commercial mode on.`,
    );
  }
  return null;
}

/** Gates of the device closed on known facts (firmware, commercial mode, feature profile): they may open later. */
export function checkClosedGates(state: ChargerState, caps: DeviceCapabilities): Refusal | null {
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

/** What the device model can hold (V6–V10, V18–V22). Unknown gates do not refuse: writes wait for them instead. */
export function checkDeviceRules(
  state: ChargerState,
  incoming: InstalledProfile,
  caps: DeviceCapabilities,
): Refusal | null {
  const gate = checkClosedGates(state, caps);
  if (gate) return gate;
  const p = incoming.profile;
  const s = p.chargingSchedule;
  if (caps.connectors !== null && incoming.connectorId > caps.connectors) {
    const which = caps.connectors === 1 ? 'connector 1' : `connectors 1 to ${caps.connectors}`;
    return refusal(
      'CONNECTOR_NOT_ON_DEVICE',
      `This ${caps.model} has no connector ${incoming.connectorId}: use ${which}, or 0 for the whole charger.`,
      { connectorId: incoming.connectorId, connectors: caps.connectors },
    );
  }
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
