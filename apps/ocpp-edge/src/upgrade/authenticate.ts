import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import type { AuthCache } from '@chargeplane/platform-config';
import type { CredentialHasher } from '@chargeplane/platform-security';
import { parseBasicAuth } from './basic-auth.js';
import type { ConcurrencyGate } from './concurrency-gate.js';
import type { FailureLimiter } from './failure-limiter.js';

/** The verdict on an upgrade request: the charger it authenticated as, or the HTTP status to refuse it with. */
export type AuthOutcome =
  | { readonly ok: true; readonly charger: ChargerAuthLookupReply }
  | { readonly ok: false; readonly status: 401 | 404 | 503; readonly reason: string }
  | { readonly ok: false; readonly status: 429; readonly reason: string; readonly retryAfterSeconds: number };

/** The charger an upgrade names, and the tenant namespace of its URL when it has one. */
export interface UpgradeTarget {
  readonly chargerId: string;
  readonly tenantId?: string;
}

/** What the authenticator works with. */
export interface AuthenticatorDeps {
  readonly directory: AuthCache<ChargerAuthLookupReply>;
  /** Bounds the slow (scrypt) verifications running at once. */
  readonly verifications: ConcurrencyGate;
  readonly credentials: CredentialHasher;
  /** Failed authentications per source address and per charger id (decision 0007). */
  readonly failures: { readonly byAddress: FailureLimiter; readonly byCharger: FailureLimiter };
  /** ms since the epoch. */
  readonly now: () => number;
  /** Asks for the charger's stored hash to be replaced (legacy scrypt of a generated key, previous pepper). */
  readonly rehash: (charger: ChargerAuthLookupReply, credentialsHash: string) => void;
}

type Lookup =
  | { readonly ok: true; readonly charger: ChargerAuthLookupReply; readonly cached: boolean }
  | { readonly ok: false; readonly status: 404 | 503; readonly reason: string };

// Answered exactly like an unknown charger; only the log tells them apart.
const OTHER_TENANT = { ok: false, status: 404, reason: 'unknown charger (registered under another tenant)' } as const;
const WRONG_PASSWORD = { ok: false, status: 401, reason: 'wrong password' } as const;
const tooMany = (retryAfterSeconds: number, what: string): AuthOutcome => ({
  ok: false,
  status: 429,
  reason: `too many failed authentications ${what}`,
  retryAfterSeconds,
});

/**
 * Security profiles 1–2 (docs/domain/ocpp16.md §3.2): HTTP Basic with username = charge point identity and password = its
 * key, checked before a socket exists, at every upgrade. A source address or charger id over its limit of failed
 * authentications → 429 with Retry-After, before any lookup or hashing (decision 0007). Unknown charger → 404
 * (OCPP-J says so, and it comes first), and so is a charger registered under another tenant than the URL's
 * namespace, before any password is looked at; credentials missing, for another id or wrong → 401, directory
 * unreachable → 503 so the charger retries later. A generated key is an HMAC check of microseconds; a chosen
 * password's scrypt verification passes through `verifications`, so in a storm the rest wait here as small
 * callbacks instead of as thousands of started scrypt jobs holding the threadpool queue.
 */
export class UpgradeAuthenticator {
  constructor(private readonly deps: AuthenticatorDeps) {}

  /** `source` is the remote address of the connection. */
  async authenticate(target: UpgradeTarget, authorization: string | undefined, source: string): Promise<AuthOutcome> {
    const { byAddress, byCharger } = this.deps.failures;
    const now = this.deps.now();
    const fromAddress = byAddress.retryAfterSeconds(source, now);
    if (fromAddress > 0) return tooMany(fromAddress, 'from this address');
    const forCharger = byCharger.retryAfterSeconds(target.chargerId, now);
    if (forCharger > 0) return tooMany(forCharger, 'for this charger');
    const outcome = await this.#authenticate(target, authorization);
    if (!outcome.ok && (outcome.status === 401 || outcome.status === 404)) byAddress.take(source, this.deps.now());
    return outcome;
  }

  async #authenticate(target: UpgradeTarget, authorization: string | undefined): Promise<AuthOutcome> {
    const { chargerId } = target;
    const first = await this.#lookupIn(target);
    if (!first.ok) return first;
    // A charger id's attempts are counted before they are checked, so concurrent ones cannot overrun its limit;
    // whatever is not a failed authentication (a success, the directory gone meanwhile) gives its token back.
    const { byCharger } = this.deps.failures;
    if (!byCharger.take(chargerId, this.deps.now())) {
      return tooMany(byCharger.retryAfterSeconds(chargerId, this.deps.now()), 'for this charger');
    }
    const outcome = await this.#check(target, first, authorization);
    if (outcome.ok || outcome.status !== 401) byCharger.refund(chargerId, this.deps.now());
    return outcome;
  }

  async #check(
    target: UpgradeTarget,
    first: Lookup & { ok: true },
    authorization: string | undefined,
  ): Promise<AuthOutcome> {
    const { chargerId } = target;
    const credentials = parseBasicAuth(authorization, chargerId);
    if (credentials === undefined) return { ok: false, status: 401, reason: 'missing HTTP Basic credentials' };
    if (credentials.username !== chargerId) {
      return { ok: false, status: 401, reason: 'the username is not the charger id of the URL' };
    }
    if (await this.#verify(credentials.password, first.charger)) return first;
    if (!first.cached) return WRONG_PASSWORD;
    // The cached hash may predate a key rotation: a new key must work at once, only revocation may lag the cache.
    this.deps.directory.invalidate(chargerId);
    const fresh = await this.#lookupIn(target);
    if (!fresh.ok) return fresh;
    if (await this.#verify(credentials.password, fresh.charger)) return fresh;
    return WRONG_PASSWORD;
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
    this.deps.directory.invalidate(target.chargerId);
    const fresh = await this.#lookup(target.chargerId);
    return !fresh.ok || belongsTo(fresh.charger, target) ? fresh : OTHER_TENANT;
  }

  async #verify(password: string, charger: ChargerAuthLookupReply): Promise<boolean> {
    const { credentials, verifications } = this.deps;
    const stored = charger.credentialsHash;
    const check = credentials.isSlow(stored)
      ? await verifications.run(() => credentials.verify(password, stored))
      : await credentials.verify(password, stored);
    if (check.ok && check.rehash !== null) {
      this.deps.directory.invalidate(charger.chargerId);
      this.deps.rehash(charger, check.rehash);
    }
    return check.ok;
  }

  async #lookup(chargerId: string): Promise<Lookup> {
    try {
      const { value, cached } = await this.deps.directory.get(chargerId);
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
