import type { EventOfType } from '@chargeplane/bridge-consumer-kit';

type Profile = EventOfType<'ChargingProfileAccepted'>['data']['chargingProfile'];

/** A profile confirmed on a charger, where it sits. */
export interface InstalledProfile {
  connectorId: number;
  profile: Profile;
}

/**
 * What a charger holds, rebuilt from the topic alone: accepted profiles replace what the OCPP 1.6 rules
 * (errata 3.8) say they replace, and on a zappi any new TxDefaultProfile replaces the installed one.
 * Clears and finished transactions remove profiles. Each schedule period occupies one slot.
 */
export function afterAccepted(
  installed: readonly InstalledProfile[],
  incoming: InstalledProfile,
  singleTxDefault: boolean,
): InstalledProfile[] {
  const replaced = (p: InstalledProfile) =>
    p.profile.chargingProfileId === incoming.profile.chargingProfileId ||
    (singleTxDefault &&
      p.profile.chargingProfilePurpose === 'TxDefaultProfile' &&
      incoming.profile.chargingProfilePurpose === 'TxDefaultProfile') ||
    (p.connectorId === incoming.connectorId &&
      p.profile.chargingProfilePurpose === incoming.profile.chargingProfilePurpose &&
      p.profile.stackLevel === incoming.profile.stackLevel);
  return [...installed.filter((p) => !replaced(p)), incoming];
}

export function afterCleared(installed: readonly InstalledProfile[], chargingProfileId: number): InstalledProfile[] {
  return installed.filter((p) => p.profile.chargingProfileId !== chargingProfileId);
}

/** A TxProfile lives as long as its transaction. */
export function afterTransactionStopped(
  installed: readonly InstalledProfile[],
  transactionId: number,
): InstalledProfile[] {
  return installed.filter(
    (p) => p.profile.chargingProfilePurpose !== 'TxProfile' || p.profile.transactionId !== transactionId,
  );
}

export function slotsUsed(installed: readonly InstalledProfile[]): number {
  return installed.reduce((sum, p) => sum + p.profile.chargingSchedule.chargingSchedulePeriod.length, 0);
}
