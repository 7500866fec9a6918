import { scryptSync } from 'node:crypto';
import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import { AuthCache } from '@chargeplane/platform-config';
import { CredentialHasher } from '@chargeplane/platform-security';
import { UpgradeAuthenticator, type AuthOutcome } from './authenticate.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { FailureLimiter } from './failure-limiter.js';

// platform-security's legacy scrypt format with a deliberately cheap cost, so each verification takes microseconds.
const cheapHash = (secret: string) =>
  `scrypt$16$1$1$00$${scryptSync(secret, Buffer.from('00', 'hex'), 32, { N: 16, r: 1, p: 1 }).toString('hex')}`;
const PEPPER = 'edge-unit-test-pepper-0123456789abcdef';
const ADDRESS = '192.0.2.7';
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
  const credentials = new CredentialHasher({ current: PEPPER });
  const verify = vi.spyOn(credentials, 'verify');
  const rehashed: [string, string][] = [];
  const authenticator = new UpgradeAuthenticator({
    directory: cache,
    verifications: new ConcurrencyGate(2),
    credentials,
    failures: {
      byAddress: new FailureLimiter({ burst: 4, perMinute: 6, maxKeys: 100 }),
      byCharger: new FailureLimiter({ burst: 2, perMinute: 2, maxKeys: 100 }),
    },
    now: () => clock.now,
    rehash: (charger, hash) => rehashed.push([charger.chargerId, hash]),
  });
  return { authenticator, lookups, verify, rehashed, credentials, directory };
}

const clock = { now: 1_000_000 };

describe('UpgradeAuthenticator', () => {
  describe('with a tenant namespace in the URL', () => {
    it('accepts the charger under its own tenant', async () => {
      const { authenticator } = anAuthenticator([{}]);
      const outcome = await authenticator.authenticate(
        { tenantId: 'tenant-a', chargerId: 'CP-1' },
        basic('CP-1', 'the-key'),
        ADDRESS,
      );
      expect(outcome).toMatchObject({ ok: true, charger: { chargerId: 'CP-1', tenantId: 'tenant-a' } });
    });

    it('answers 404 for another tenant, exactly like an unknown charger, whatever the credentials', async () => {
      const { authenticator } = anAuthenticator([{}]);
      const unknown = await authenticator.authenticate({ tenantId: 'tenant-a', chargerId: 'CP-9' }, undefined, ADDRESS);
      expect(statusOf(unknown)).toBe(404);
      for (const authorization of [basic('CP-1', 'the-key'), basic('CP-1', 'wrong'), undefined]) {
        const outcome = await authenticator.authenticate(
          { tenantId: 'tenant-b', chargerId: 'CP-1' },
          authorization,
          ADDRESS,
        );
        expect(statusOf(outcome)).toBe(404);
      }
    });

    it('never verifies a password for another tenant (an unreadable hash would answer 401)', async () => {
      const { authenticator } = anAuthenticator([{ credentialsHash: 'unreadable' }]);
      const own = await authenticator.authenticate(
        { tenantId: 'tenant-a', chargerId: 'CP-1' },
        basic('CP-1', 'x'),
        ADDRESS,
      );
      expect(own).toMatchObject({ ok: false, status: 401 });
      const other = await authenticator.authenticate(
        { tenantId: 'tenant-b', chargerId: 'CP-1' },
        basic('CP-1', 'x'),
        ADDRESS,
      );
      expect(other).toMatchObject({ ok: false, status: 404 });
    });

    it('asks the directory again when a cached entry names another tenant, as for an unknown charger', async () => {
      const { authenticator, lookups } = anAuthenticator([{}]);
      await authenticator.authenticate({ tenantId: 'tenant-a', chargerId: 'CP-1' }, basic('CP-1', 'the-key'), ADDRESS);
      expect(lookups).toEqual(['CP-1']);
      const outcome = await authenticator.authenticate({ tenantId: 'tenant-b', chargerId: 'CP-1' }, undefined, ADDRESS);
      expect(outcome).toMatchObject({ ok: false, status: 404 });
      expect(lookups).toEqual(['CP-1', 'CP-1']);
    });
  });

  describe('without a tenant namespace', () => {
    it('accepts the charger whatever its tenant, and checks the credentials', async () => {
      const { authenticator } = anAuthenticator([{ tenantId: 'tenant-z' }]);
      expect(await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'the-key'), ADDRESS)).toMatchObject({
        ok: true,
      });
      expect(await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'wrong'), ADDRESS)).toMatchObject({
        ok: false,
        status: 401,
      });
      expect(await authenticator.authenticate({ chargerId: 'CP-9' }, basic('CP-9', 'the-key'), ADDRESS)).toMatchObject({
        ok: false,
        status: 404,
      });
    });
  });

  describe('credential hashes (decision 0007)', () => {
    it('accepts a generated key stored as a peppered HMAC, at every upgrade, and asks for no rehash', async () => {
      const { credentials } = anAuthenticator([]);
      const { password, credentialsHash } = await credentials.newChargerCredential();
      const { authenticator, verify, rehashed } = anAuthenticator([{ credentialsHash }]);
      for (let i = 0; i < 3; i++) {
        expect(await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', password), ADDRESS)).toMatchObject(
          {
            ok: true,
          },
        );
      }
      expect(verify).toHaveBeenCalledTimes(3);
      expect(rehashed).toEqual([]);
    });

    it('accepts a legacy scrypt hash of a generated key and asks for its HMAC to be stored', async () => {
      const key = 'a'.repeat(40);
      const { authenticator, rehashed, credentials } = anAuthenticator([{ credentialsHash: cheapHash(key) }]);
      expect(await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', key), ADDRESS)).toMatchObject({
        ok: true,
      });
      expect(rehashed).toHaveLength(1);
      const [chargerId, hash] = rehashed[0] ?? [];
      expect(chargerId).toBe('CP-1');
      expect(await credentials.verify(key, hash ?? '')).toEqual({ ok: true, rehash: null });
    });
  });

  describe('limits on failed authentications', () => {
    it('refuses a charger id over its limit with 429 and Retry-After, before any lookup or hashing', async () => {
      const { authenticator, verify, lookups } = anAuthenticator([{}]);
      for (const source of ['198.51.100.1', '198.51.100.2']) {
        const outcome = await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'guess'), source);
        expect(statusOf(outcome)).toBe(401);
      }
      const checked = verify.mock.calls.length;
      const looked = lookups.length;
      // Even the right key waits: the limit is on the id, whoever guesses.
      const over = await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'the-key'), '198.51.100.3');
      expect(over).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 30 });
      expect(verify.mock.calls.length).toBe(checked);
      expect(lookups.length).toBe(looked);
      clock.now += 30_000;
      const later = await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'the-key'), '198.51.100.3');
      expect(later).toMatchObject({ ok: true });
    });

    it('refuses a source address over its limit, whichever charger ids it tries', async () => {
      const { authenticator, verify } = anAuthenticator([{}, { chargerId: 'CP-2' }]);
      const tries = [
        { chargerId: 'CP-1', password: 'guess' },
        { chargerId: 'CP-2', password: 'guess' },
        { chargerId: 'CP-7', password: 'guess' },
        { chargerId: 'CP-8', password: 'guess' },
      ];
      for (const t of tries) {
        const outcome = await authenticator.authenticate({ chargerId: t.chargerId }, basic(t.chargerId, 'x'), ADDRESS);
        expect([401, 404]).toContain(statusOf(outcome));
      }
      const checked = verify.mock.calls.length;
      const over = await authenticator.authenticate({ chargerId: 'CP-2' }, basic('CP-2', 'the-key'), ADDRESS);
      expect(over).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 10 });
      expect(verify.mock.calls.length).toBe(checked);
      // Another address is not affected.
      expect(
        await authenticator.authenticate({ chargerId: 'CP-2' }, basic('CP-2', 'the-key'), '203.0.113.9'),
      ).toMatchObject({ ok: true });
    });

    it('never limits a charger that keeps authenticating successfully', async () => {
      const { authenticator } = anAuthenticator([{}]);
      for (let i = 0; i < 10; i++) {
        expect(
          await authenticator.authenticate({ chargerId: 'CP-1' }, basic('CP-1', 'the-key'), ADDRESS),
        ).toMatchObject({
          ok: true,
        });
      }
    });
  });
});
