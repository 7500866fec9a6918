import { ProfileRefusalCode } from '@chargeplane/contracts-api';
import { RequestError } from '@chargeplane/platform-messaging';

/**
 * profile-command's refusal of a profile over NATS: its code is the specific refusal code (SLOTS_EXCEEDED, …);
 * a PROFILE_REFUSED with `details.reason` comes from an earlier version. Anything else is no refusal (null).
 */
export function refusalOf(error: unknown): { code: string; message: string } | null {
  if (!(error instanceof RequestError)) return null;
  if (ProfileRefusalCode.safeParse(error.code).success) return { code: error.code, message: error.message };
  if (error.code !== 'PROFILE_REFUSED') return null;
  return { code: String(error.details['reason'] ?? error.code), message: error.message };
}
