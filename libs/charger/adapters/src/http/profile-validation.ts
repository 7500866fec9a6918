import { checkOcppRules } from '@chargeplane/charger-domain';
import { PlatformError } from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';

/**
 * Refuses, before anything else is done with it (a GB evaluation, an assignment row), a profile that breaks an
 * OCPP rule (V3–V14) — the very check the charger aggregate makes, answered the way it answers (422, the rule's code).
 */
export function refuseBrokenProfile(connectorId: number, profile: ChargingProfile): void {
  const refusal = checkOcppRules(connectorId, profile);
  if (refusal)
    throw new PlatformError('PROFILE_REFUSED', refusal.message, { reason: refusal.code, ...refusal.details });
}
