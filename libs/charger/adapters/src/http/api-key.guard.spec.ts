import 'reflect-metadata';
import { apiKeyDigest } from '@chargeplane/platform-security';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeyTenants } from './api-key-tenants.js';

const KEY = 'cp_live_key-of-tenant-a';
const TTL_SECONDS = 30;

// A route without `Access` metadata, so the guard asks for a tenant's key.
class TenantRoutes {
  handle(): void {}
}

/** The guard over a fake `api_keys` table that records every lookup, on a clock the test moves. */
function aGuard(ttlSeconds = TTL_SECONDS) {
  let now = 1_000_000;
  const keys = new Map<string, string>();
  const lookups: string[] = [];
  const repository = {
    async tenantOfKeyDigest(digest: string) {
      lookups.push(digest);
      return keys.get(digest) ?? null;
    },
  };
  const apiKeys = new ApiKeyTenants(repository, { ttlSeconds, now: () => now });
  const guard = new ApiKeyGuard(new Reflector(), apiKeys, { adminKey: 'admin-key-0123456789abcdef' });
  return {
    lookups,
    createKey: (key: string, tenantId: string) => keys.set(apiKeyDigest(key), tenantId),
    revokeKey: (key: string) => keys.delete(apiKeyDigest(key)),
    advanceSeconds: (seconds: number) => (now += seconds * 1000),
    /** Runs the guard on a request sending `key`; the tenant it authenticated, or the error code it refused with. */
    async send(key: string): Promise<{ tenantId?: string; refused?: string }> {
      const request: { headers: Record<string, string>; tenantId?: string } = {
        headers: { authorization: `Bearer ${key}` },
      };
      const context = {
        getHandler: () => TenantRoutes.prototype.handle,
        getClass: () => TenantRoutes,
        switchToHttp: () => ({ getRequest: () => request }),
      } as unknown as ExecutionContext;
      try {
        await guard.canActivate(context);
        return { tenantId: request.tenantId };
      } catch (error) {
        return { refused: (error as { code?: string }).code };
      }
    },
  };
}

describe('ApiKeyGuard', () => {
  describe('when a known key is sent again within the cache time', () => {
    it('answers from the cache: one database lookup, by digest, for both requests', async () => {
      const given = aGuard();
      given.createKey(KEY, 'tenant-a');

      const first = await given.send(KEY);
      given.advanceSeconds(TTL_SECONDS - 1);
      const second = await given.send(KEY);

      expect([first, second]).toEqual([{ tenantId: 'tenant-a' }, { tenantId: 'tenant-a' }]);
      expect(given.lookups).toEqual([apiKeyDigest(KEY)]);
    });
  });

  describe('when the cache time has passed', () => {
    it('asks the database again, so a revoked key stops working', async () => {
      const given = aGuard();
      given.createKey(KEY, 'tenant-a');
      await given.send(KEY);
      given.revokeKey(KEY);

      const withinCacheTime = await given.send(KEY);
      given.advanceSeconds(TTL_SECONDS);
      const after = await given.send(KEY);

      expect(withinCacheTime).toEqual({ tenantId: 'tenant-a' });
      expect(after).toEqual({ refused: 'UNAUTHENTICATED' });
      expect(given.lookups).toHaveLength(2);
    });
  });

  describe('when the cache time is 0 (API_KEY_CACHE_SECONDS=0)', () => {
    it('asks the database on every request', async () => {
      const given = aGuard(0);
      given.createKey(KEY, 'tenant-a');

      await given.send(KEY);
      await given.send(KEY);

      expect(given.lookups).toHaveLength(2);
    });
  });

  describe('when an unknown key is sent', () => {
    it('refuses it without remembering the answer, so a key created a moment later works at once', async () => {
      const given = aGuard();

      const first = await given.send(KEY);
      const second = await given.send(KEY);
      given.createKey(KEY, 'tenant-a');
      const third = await given.send(KEY);

      expect([first, second]).toEqual([{ refused: 'UNAUTHENTICATED' }, { refused: 'UNAUTHENTICATED' }]);
      expect(third).toEqual({ tenantId: 'tenant-a' });
      expect(given.lookups).toHaveLength(3);
    });
  });
});
