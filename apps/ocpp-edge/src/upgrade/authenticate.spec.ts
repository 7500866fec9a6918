import { scryptSync } from 'node:crypto';
import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import { AuthCache } from './auth-cache.js';
import { UpgradeAuthenticator, type AuthOutcome } from './authenticate.js';
import { ConcurrencyGate } from './concurrency-gate.js';

// platform-security's hash format with a deliberately cheap cost, so each verification takes microseconds.
const cheapHash = (secret: string) =>
  `scrypt$16$1$1$00$${scryptSync(secret, Buffer.from('00', 'hex'), 32, { N: 16, r: 1, p: 1 }).toString('hex')}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const statusOf = (outcome: AuthOutcome) => (outcome.ok ? 'accepted' : outcome.status);

function anAuthenticator(entries: Partial<ChargerAuthLookupReply>[]) {
  const directory = new Map(
    entries.map((e): [string, ChargerAuthLookupReply] => [
      e.chargerId ?? 'CP-1',
      {
        chargerId: 'CP-1',
        tenantId: 'tenant-a',
        model: 'generic-ocpp16',
        credentialsHash: cheapHash('the-key'),
        heartbeatIntervalSeconds: 300,
        ...e,
      },
    ]),
  );
  const lookups: string[] = [];
  const cache = new AuthCache<ChargerAuthLookupReply>(
    { ttlMs: 60_000, maxEntries: 10 },
    () => 0,
    async (id) => {
      lookups.push(id);
      return directory.get(id) ?? null;
    },
  );
  return { authenticator: new UpgradeAuthenticator(cache, new ConcurrencyGate(2)), lookups };
}

describe('UpgradeAuthenticator', () => {
  describe('with a tenant namespace in the URL', () => {
    it('accepts the charger under its own tenant', async () => {
      const { authenticator } = anAuthenticator([{}]);
      const outcome = await authenticator.authenticate(
        { tenantId: 'tenant-a', chargerId: 'CP-1' },
        basic('CP-1', 'the-key'),
      );
      expect(outcome).toMatchObject({ ok: true, charger: { chargerId: 'CP-1', tenantId: 'tenant-a' } });
    });

    it('answers 404 for another tenant, exactly like an unknown charger, whatever the credentials', async () => {
      const { authenticator } = anAuthenticator([{}]);
      const unknown = await authenticator.authenticate({ tenantId: 'tenant-a', chargerId: 'CP-9' }, undefined);
      expect(statusOf(unknown)).toBe(404);
      for (const authorization of [basic('CP-1', 'the-key'), basic('CP-1', 'wrong'), undefined]) {
        const outcome = await authenticator.authenticate({ tenantId: 'tenant-b', chargerId: 'CP-1' }, authorization);
        expect(statusOf(outcome)).toBe(404);
      }
    });

    it('never verifies a password for another tenant (an unreadable hash would answer 401)', async () => {
      const { authenticator } = anAuthenticator([{ credentialsHash: 'unreadable' }]);
      const own = await authenticator.authenticate({ tenantId: 'tenant-a', chargerId: 'CP-1' }, basic('CP-1', 'x'));
      expect(own).toMatchObject({ ok: false, status: 401 });
      const other = await authenticator.authenticate({ tenantId: 'tenant-b', chargerId: 'CP-1' }, basic('CP-1', 'x'));
      expect(other).toMatchObject({ ok: false, status: 404 });
    });

    it('asks the directory again when a cached entry names another tenant, as for an unknown charger', async () => {
      const { authenticator, lookups } = anAuthenticator([{}]);
      await authenticator.authenticate({ tenantId: 'tenant-a', chargerId: 'CP-1' }, basic('CP-1', 'the-key'));
      expect(lookups).toEqual(['CP-1']);
      const outcome = await authenticator.authenticate({ tenantId: 'tenant-b', chargerId: 'CP-1' }, undefined);
      expect(outcome).toMatchObject({ ok: false, status: 404 });
      expect(lookups).toEqual(['CP-1', 'CP-1']);
    });
  });

  describe('without a tenant namespace', () => {
    it('accepts the charger whatever its tenant, and checks the credentials', async () => {
      const { authenticator } = anAuthenticator([{ tenantId: 'tenant-z' }]);
      expect(await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'the-key'))).toMatchObject({
        ok: true,
      });
      expect(await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'wrong'))).toMatchObject({
        ok: false,
        status: 401,
      });
      expect(await authenticator.authenticate({ chargerId: 'CP-9' }, basic('CP-9', 'the-key'))).toMatchObject({
        ok: false,
        status: 404,
      });
    });
  });
});
