import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import { verifySecret } from '@chargeplane/platform-security';
import type { AuthCache } from './auth-cache.js';
import { parseBasicAuth } from './basic-auth.js';

/** The verdict on an upgrade request: the charger it authenticated as, or the HTTP status to refuse it with. */
export type AuthOutcome =
  | { readonly ok: true; readonly charger: ChargerAuthLookupReply }
  | { readonly ok: false; readonly status: 401 | 404 | 503; readonly reason: string };

/**
 * Security profiles 1–2 (SMART-CHARGING §3.2): HTTP Basic with username = charge point identity and password = its
 * key, checked before a socket exists. Unknown charger → 404 (OCPP-J says so, and it comes first), credentials
 * missing, for another id or wrong → 401, directory unreachable → 503 so the charger retries later.
 */
export class UpgradeAuthenticator {
  constructor(private readonly directory: AuthCache<ChargerAuthLookupReply>) {}

  async authenticate(chargerId: string, authorization: string | undefined): Promise<AuthOutcome> {
    const first = await this.#lookup(chargerId);
    if (!first.ok) return first;
    const credentials = parseBasicAuth(authorization, chargerId);
    if (credentials === undefined) return { ok: false, status: 401, reason: 'missing HTTP Basic credentials' };
    if (credentials.username !== chargerId) {
      return { ok: false, status: 401, reason: 'the username is not the charger id of the URL' };
    }
    if (await verifySecret(credentials.password, first.charger.credentialsHash)) return first;
    if (!first.cached) return { ok: false, status: 401, reason: 'wrong password' };
    // The cached hash may predate a key rotation: a new key must work at once, only revocation may lag the cache.
    this.directory.invalidate(chargerId);
    const fresh = await this.#lookup(chargerId);
    if (!fresh.ok) return fresh;
    if (await verifySecret(credentials.password, fresh.charger.credentialsHash)) return fresh;
    return { ok: false, status: 401, reason: 'wrong password' };
  }

  async #lookup(
    chargerId: string,
  ): Promise<
    | { readonly ok: true; readonly charger: ChargerAuthLookupReply; readonly cached: boolean }
    | { readonly ok: false; readonly status: 404 | 503; readonly reason: string }
  > {
    try {
      const { value, cached } = await this.directory.get(chargerId);
      if (value === null) return { ok: false, status: 404, reason: 'unknown charger' };
      return { ok: true, charger: value, cached };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, status: 503, reason: `charger directory unavailable: ${reason}` };
    }
  }
}
