import { AuthCache } from '@chargeplane/platform-config';
import { apiKeyDigest } from '@chargeplane/platform-security';
import type { TenantsRepository } from '../persistence/tenants.repository.js';

// Keys remembered at most (a digest and a tenant id, a few hundred bytes each); only keys that exist get in.
const MAX_ENTRIES = 10_000;

/** How long answers are reused, and the clock that times them (ms since the epoch). */
export interface ApiKeyTenantsOptions {
  /** 0 asks the database on every request. */
  readonly ttlSeconds: number;
  readonly now: () => number;
}

/**
 * The tenant of an API key, as the HTTP API's guard asks it on every authenticated request. A positive answer is
 * reused for `ttlSeconds`, so a request does not wait for a database round trip and a revoked key stops working
 * within that time; an unknown key is asked for every time, so a key created a moment ago works at once. The cache
 * is keyed by the key's digest: raw keys are never held in memory beyond the request that sent them.
 */
export class ApiKeyTenants {
  readonly #cache: AuthCache<string>;

  constructor(tenants: Pick<TenantsRepository, 'tenantOfKeyDigest'>, options: ApiKeyTenantsOptions) {
    this.#cache = new AuthCache<string>(
      { ttlMs: options.ttlSeconds * 1000, maxEntries: MAX_ENTRIES },
      options.now,
      (digest) => tenants.tenantOfKeyDigest(digest),
    );
  }

  /** The tenant the key belongs to, or null for an unknown or revoked key. */
  async tenantOf(apiKey: string): Promise<string | null> {
    return (await this.#cache.get(apiKeyDigest(apiKey))).value;
  }
}
