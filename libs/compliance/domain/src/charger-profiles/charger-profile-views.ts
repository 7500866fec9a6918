import { OFF_PEAK_DEFAULT_PROFILE_ID } from '@chargeplane/contracts-events';
import { isInSync, profileViews, type ProfileLedger } from '@chargeplane/smart-charging-domain';
import type { ChargerProfileView } from '../plan/plan-types.js';

/**
 * The profiles a GB charger is asked to hold and has confirmed, in id order, from its profile ledger (the fold
 * the aggregate and the twin use): a profile neither desired nor confirmed is not listed.
 */
export function chargerProfileViews(ledger: ProfileLedger): ChargerProfileView[] {
  return profileViews(ledger).flatMap((p) => {
    const where = p.desired ?? p.confirmed;
    if (!where) return [];
    return [
      {
        chargingProfileId: p.chargingProfileId,
        connectorId: where.connectorId,
        desired: p.desired?.profile ?? null,
        confirmed: p.confirmed?.profile ?? null,
        inSync: isInSync(ledger.profiles[p.chargingProfileId]!),
      },
    ];
  });
}

/** The CPO's own desired TxDefaultProfile (not the platform's off-peak default), if any: the lowest id. */
export function cpoTxDefaultProfileId(ledger: ProfileLedger): number | null {
  const own = chargerProfileViews(ledger).find(
    (p) =>
      p.desired?.chargingProfilePurpose === 'TxDefaultProfile' && p.chargingProfileId !== OFF_PEAK_DEFAULT_PROFILE_ID,
  );
  return own?.chargingProfileId ?? null;
}
