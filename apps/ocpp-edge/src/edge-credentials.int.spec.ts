import { randomBytes, scryptSync } from 'node:crypto';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';
import { basic, upgrade } from '../test/raw-charger.js';

/** The format registrations wrote before decision 0007 (scrypt N=16384 for every key, generated ones included). */
function legacyScrypt(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('hex')}$${hash.toString('hex')}`;
}

describe('ocpp-edge: credential hashes and failed-authentication limits at the upgrade (decision 0007)', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    // Every upgrade asks the directory (no cache), so a lookup count shows whether an upgrade got that far.
    harness = await EdgeHarness.start(infra, {
      AUTH_CACHE_SECONDS: 0,
      AUTH_FAILURE_BURST_PER_CHARGER: 2,
      AUTH_FAILURES_PER_MINUTE_PER_CHARGER: 1,
      AUTH_FAILURE_BURST_PER_ADDRESS: 6,
      AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: 1,
    });
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  const url = (id: string) => `${harness.url}/${encodeURIComponent(id)}`;
  const connect = (id: string, password: string) =>
    upgrade(url(id), { authorization: basic(id, password), protocols: ['ocpp1.6'] });

  it('accepts a generated key stored as HMAC, checking it at every upgrade, and never asks for a rehash', async () => {
    const key = await harness.registerGenerated('CP-HMAC');
    const stored = harness.storedHash('CP-HMAC');
    expect(stored).toMatch(/^hmac-sha256\$v1\$/);
    for (let i = 0; i < 2; i++) {
      const result = await connect('CP-HMAC', key);
      expect(result.status).toBe(101);
      result.socket?.close();
    }
    expect((await connect('CP-HMAC', 'f'.repeat(40))).status).toBe(401);
    expect(harness.rehashRequests.filter((r) => r.chargerId === 'CP-HMAC')).toEqual([]);
    expect(harness.storedHash('CP-HMAC')).toBe(stored);
  });

  it('accepts a legacy scrypt hash of a generated key and has it stored as HMAC, used from the next upgrade', async () => {
    const key = randomBytes(20).toString('hex');
    const legacy = legacyScrypt(key);
    harness.registerHash('CP-LEGACY', legacy);
    const first = await connect('CP-LEGACY', key);
    expect(first.status).toBe(101);
    first.socket?.close();
    await vi.waitFor(() => expect(harness.storedHash('CP-LEGACY')).not.toBe(legacy), { timeout: 10_000 });
    expect(harness.rehashRequests).toContainEqual({
      chargerId: 'CP-LEGACY',
      previousHash: legacy,
      credentialsHash: harness.storedHash('CP-LEGACY'),
    });
    expect(await harness.credentials.verify(key, harness.storedHash('CP-LEGACY') ?? '')).toEqual({
      ok: true,
      rehash: null,
    });
    const second = await connect('CP-LEGACY', key);
    expect(second.status).toBe(101);
    second.socket?.close();
    expect(harness.rehashRequests.filter((r) => r.chargerId === 'CP-LEGACY')).toHaveLength(1);
  });

  it('keeps a chosen password under scrypt and refuses a wrong one with 401', async () => {
    const password = await harness.register('CP-CHOSEN');
    expect(harness.storedHash('CP-CHOSEN')).toMatch(/^scrypt\$v1\$/);
    const ok = await connect('CP-CHOSEN', password);
    expect(ok.status).toBe(101);
    ok.socket?.close();
    const wrong = await connect('CP-CHOSEN', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    expect(harness.storedHash('CP-CHOSEN')).toMatch(/^scrypt\$v1\$/);
  });

  it('refuses a charger id over its limit with 429 and Retry-After, before any lookup or hashing', async () => {
    const password = await harness.register('CP-GUESSED');
    // CP-GUESSED's budget: 2 failures at once (the 401s above were other ids'). Nothing else is pending.
    expect((await connect('CP-GUESSED', 'guess-1')).status).toBe(401);
    expect((await connect('CP-GUESSED', 'guess-2')).status).toBe(401);
    const lookups = harness.lookups;
    const over = await connect('CP-GUESSED', password);
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(harness.lookups).toBe(lookups);
  });

  it('refuses a source address over its limit, whatever charger it names', async () => {
    // 4 failures so far from 127.0.0.1 (the 401s above) of the 6 allowed; two unknown ids use up the rest.
    expect((await connect('CP-NOBODY-1', 'x')).status).toBe(404);
    expect((await connect('CP-NOBODY-2', 'x')).status).toBe(404);
    const lookups = harness.lookups;
    const key = await harness.registerGenerated('CP-INNOCENT');
    const over = await connect('CP-INNOCENT', key);
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(harness.lookups).toBe(lookups);
  });
});
