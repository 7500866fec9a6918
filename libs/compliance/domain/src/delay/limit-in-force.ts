import { compositeAt, type InstalledProfile, type RateUnit } from '@chargeplane/smart-charging-domain';

/**
 * The limit in force on a connector at an instant, in `unit` (§3.10: the composite of the profiles
 * installed there; A↔W at 230 V), rounded to 0.1; null: no profile limits it (the charger's own maximum).
 * A TxProfile counts as belonging to the running transaction (compliance sees only those the charger holds).
 */
export function limitInForce(
  installed: readonly InstalledProfile[],
  connectorId: number,
  atMs: number,
  unit: RateUnit,
): number | null {
  const tx = installed.find(
    (p) => p.connectorId === connectorId && p.profile.chargingProfilePurpose === 'TxProfile',
  )?.profile;
  const limit = compositeAt(
    {
      profiles: installed,
      connectorId,
      fromMs: atMs,
      unit,
      transaction: tx ? { transactionId: tx.transactionId ?? 0, startedAtMs: atMs } : null,
    },
    atMs,
  );
  return limit === null ? null : Math.round(limit * 10) / 10;
}

/** Whether two limits in force are the same (null: unlimited). */
export const sameLimit = (a: number | null, b: number | null): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) < 0.05;
