import type { ChargerEvent, RefusalCode } from '@chargeplane/charger-domain';
import { PlatformError, ProfileRefusalCode, ProfileRefusedError } from '@chargeplane/contracts-api';
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
