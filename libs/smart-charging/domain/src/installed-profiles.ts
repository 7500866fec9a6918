import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { DeviceCapabilities } from './capabilities.js';

/** A profile as installed (or to be installed) on a charger: where, and what. */
export interface InstalledProfile {
  connectorId: number;
  profile: ChargingProfile;
}

/** Optional fields of ClearChargingProfile.req, as the errata match them (§3.11). */
export interface ClearFilter {
  id?: number;
  connectorId?: number;
  chargingProfilePurpose?: ChargingProfile['chargingProfilePurpose'];
  stackLevel?: number;
}

/**
 * Whether installing `incoming` removes `existing` (errata §3.8): same id; or same purpose and stack
 * level on the same connector; and on a single-TxDefault device (zappi) any TxDefaultProfile.
 */
export function replaces(
  existing: InstalledProfile,
  incoming: InstalledProfile,
  caps: Pick<DeviceCapabilities, 'singleTxDefaultProfile'>,
): boolean {
  const a = existing.profile;
  const b = incoming.profile;
  if (a.chargingProfileId === b.chargingProfileId) return true;
  if (
    caps.singleTxDefaultProfile &&
    a.chargingProfilePurpose === 'TxDefaultProfile' &&
    b.chargingProfilePurpose === 'TxDefaultProfile'
  ) {
    return true;
  }
  return (
    existing.connectorId === incoming.connectorId &&
    a.chargingProfilePurpose === b.chargingProfilePurpose &&
    a.stackLevel === b.stackLevel
  );
}

/** What is installed after `incoming` is accepted. */
export function installedAfterSet(
  installed: readonly InstalledProfile[],
  incoming: InstalledProfile,
  caps: DeviceCapabilities,
): InstalledProfile[] {
  return [...installed.filter((p) => !replaces(p, incoming, caps)), incoming];
}

/** Errata 3.25/3.26: no field → all; `id` → only that id; otherwise every profile matching all fields. */
export function matchesClear(p: InstalledProfile, filter: ClearFilter): boolean {
  if (filter.id !== undefined) return p.profile.chargingProfileId === filter.id;
  return (
    (filter.connectorId === undefined || p.connectorId === filter.connectorId) &&
    (filter.chargingProfilePurpose === undefined ||
      p.profile.chargingProfilePurpose === filter.chargingProfilePurpose) &&
    (filter.stackLevel === undefined || p.profile.stackLevel === filter.stackLevel)
  );
}

export function installedAfterClear(installed: readonly InstalledProfile[], filter: ClearFilter): InstalledProfile[] {
  return installed.filter((p) => !matchesClear(p, filter));
}

/** Slots used: every chargingSchedulePeriod of every installed profile occupies one (zappi Z7). */
export function slotsUsed(installed: readonly InstalledProfile[]): number {
  return installed.reduce((sum, p) => sum + p.profile.chargingSchedule.chargingSchedulePeriod.length, 0);
}

/** Profiles of a finished transaction are gone from the device (Q10: their slots are freed). */
export function withoutTransaction(installed: readonly InstalledProfile[], transactionId: number): InstalledProfile[] {
  return installed.filter(
    (p) => p.profile.chargingProfilePurpose !== 'TxProfile' || p.profile.transactionId !== transactionId,
  );
}
