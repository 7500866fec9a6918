import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import { verifySecret } from '@chargeplane/platform-security';
import type { AuthCache } from './auth-cache.js';
import { parseBasicAuth } from './basic-auth.js';
import type { ConcurrencyGate } from './concurrency-gate.js';

/** The verdict on an upgrade request: the charger it authenticated as, or the HTTP status to refuse it with. */
export type AuthOutcome =
  | { readonly ok: true; readonly charger: ChargerAuthLookupReply }
  | { readonly ok: false; readonly status: 401 | 404 | 503; readonly reason: string };

/** The charger an upgrade names, and the tenant namespace of its URL when it has one. */
export interface UpgradeTarget {
  readonly chargerId: string;
  readonly tenantId?: string;
}

type Lookup =
  | { readonly ok: true; readonly charger: ChargerAuthLookupReply; readonly cached: boolean }
  | { readonly ok: false; readonly status: 404 | 503; readonly reason: string };

// Answered exactly like an unknown charger; only the log tells them apart.
const OTHER_TENANT = { ok: false, status: 404, reason: 'unknown charger (registered under another tenant)' } as const;

/**
 * Security profiles 1–2 (docs/domain/ocpp16.md §3.2): HTTP Basic with username = charge point identity and password = its
 * key, checked before a socket exists. Unknown charger → 404 (OCPP-J says so, and it comes first), and so is a
 * charger registered under another tenant than the URL's namespace, before any password is looked at; credentials
 * missing, for another id or wrong → 401, directory unreachable → 503 so the charger retries later. Password
 * verifications (scrypt, on the libuv threadpool) pass through `verifications`: in a reconnect storm the rest wait
 * here as small callbacks instead of as thousands of started scrypt jobs holding the threadpool queue.
 */
export class UpgradeAuthenticator {
  constructor(
    private readonly directory: AuthCache<ChargerAuthLookupReply>,
    private readonly verifications: ConcurrencyGate,
  ) {}

  async authenticate(target: UpgradeTarget, authorization: string | undefined): Promise<AuthOutcome> {
    const { chargerId } = target;
    const first = await this.#lookupIn(target);
    if (!first.ok) return first;
    const credentials = parseBasicAuth(authorization, chargerId);
    if (credentials === undefined) return { ok: false, status: 401, reason: 'missing HTTP Basic credentials' };
    if (credentials.username !== chargerId) {
      return { ok: false, status: 401, reason: 'the username is not the charger id of the URL' };
    }
    if (await this.#verify(credentials.password, first.charger.credentialsHash)) return first;
    if (!first.cached) return { ok: false, status: 401, reason: 'wrong password' };
    // The cached hash may predate a key rotation: a new key must work at once, only revocation may lag the cache.
    this.directory.invalidate(chargerId);
    const fresh = await this.#lookupIn(target);
    if (!fresh.ok) return fresh;
    if (await this.#verify(credentials.password, fresh.charger.credentialsHash)) return fresh;
    return { ok: false, status: 401, reason: 'wrong password' };
  }

  /**
   * The directory entry, if the charger belongs to the URL's tenant. A mismatch on a cached entry asks the directory
   * again: the answer is fresh, and "another tenant's charger" costs one lookup exactly like "no such charger", so
   * neither the status nor the time tells a prober which ids exist elsewhere.
   */
  async #lookupIn(target: UpgradeTarget): Promise<Lookup> {
    const found = await this.#lookup(target.chargerId);
    if (!found.ok || belongsTo(found.charger, target)) return found;
    if (!found.cached) return OTHER_TENANT;
    this.directory.invalidate(target.chargerId);
    const fresh = await this.#lookup(target.chargerId);
    return !fresh.ok || belongsTo(fresh.charger, target) ? fresh : OTHER_TENANT;
  }

  #verify(password: string, credentialsHash: string): Promise<boolean> {
    return this.verifications.run(() => verifySecret(password, credentialsHash));
  }

  async #lookup(chargerId: string): Promise<Lookup> {
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

function belongsTo(charger: ChargerAuthLookupReply, target: UpgradeTarget): boolean {
  return target.tenantId === undefined || charger.tenantId === target.tenantId;
}
