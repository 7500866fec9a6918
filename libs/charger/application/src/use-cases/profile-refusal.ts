import { checkOcppRules, type ChargerEvent, type RefusalCode } from '@chargeplane/charger-domain';
import { PlatformError, ProfileRefusalCode, ProfileRefusedError } from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { Executed } from '../charger-service.js';

type Refused = Extract<ChargerEvent, { type: 'ChargingProfileRefused' }>['data'];

/** Compile-time check: every refusal the decider can make is a published API code (add new ones to ProfileRefusalCode). */
export type EveryRefusalIsPublished = [RefusalCode] extends [ProfileRefusalCode] ? true : never;
const _checked: EveryRefusalIsPublished = true;
void _checked;

/**
 * The error for a command whose profile the charger can never take (422, the refusal's own code at the top
 * level), or null. A code unknown to the API (an event stored by an older version) stays PROFILE_REFUSED.
 */
export function refusalError(executed: Executed): PlatformError | null {
  const refused = executed.events.find((e) => e.type === 'ChargingProfileRefused');
  if (!refused) return null;
  const data = refused.data as Refused;
  const code = ProfileRefusalCode.safeParse(data.code);
  if (code.success) return new ProfileRefusedError(code.data, data.message, data.details);
  return new PlatformError('PROFILE_REFUSED', data.message, { ...data.details, reason: data.code });
}

/**
 * Refuses, before anything else is done with it (a GB evaluation, an assignment row), a profile that breaks an
 * OCPP rule (V3–V14): the very check the charger aggregate makes, answered the way it answers (422, the rule's code).
 */
export function refuseBrokenProfile(connectorId: number, profile: ChargingProfile): void {
  const refusal = checkOcppRules(connectorId, profile);
  if (refusal) throw new ProfileRefusedError(refusal.code, refusal.message, refusal.details);
}
