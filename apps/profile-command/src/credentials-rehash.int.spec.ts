import {
  ChargerAuthLookupReply,
  ChargerCredentialsRehashReply,
  subjects,
  type ChargerCredentialsRehashRequest,
} from '@chargeplane/contracts-api';
import { CredentialHasher } from '@chargeplane/platform-security';
import { TEST_CREDENTIAL_PEPPER } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const NEXT_PEPPER = 'the-next-credential-pepper-0123456789abcdef';

describe('profile-command: charger credentials (decision 0007, real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'creds' })).body['apiKey']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const lookup = (chargerId: string) =>
    t.parts.bus.request(subjects.chargerAuth, { chargerId }, ChargerAuthLookupReply, 5_000);
  const rehash = (request: ChargerCredentialsRehashRequest) =>
    t.parts.bus.request(subjects.chargerCredentialsRehash, request, ChargerCredentialsRehashReply, 5_000);

  it('stores a generated key as HMAC under the pepper and a chosen password with scrypt', async () => {
    const generated = await t.call('POST', '/v1/chargers', key, { chargerId: 'CRED-1', model: 'zappi' });
    expect(generated.status).toBe(201);
    const password = String(generated.body['password']);
    const hmac = (await lookup('CRED-1')).credentialsHash;
    expect(hmac).toMatch(/^hmac-sha256\$v1\$/);
    const hasher = new CredentialHasher({ current: TEST_CREDENTIAL_PEPPER });
    expect(await hasher.verify(password, hmac)).toEqual({ ok: true, rehash: null });

    const chosen = 'a password a person chose for CRED-2';
    const res = await t.call('POST', '/v1/chargers', key, { chargerId: 'CRED-2', model: 'zappi', password: chosen });
    expect(res.body['password']).toBe(chosen);
    const scrypt = (await lookup('CRED-2')).credentialsHash;
    expect(scrypt).toMatch(/^scrypt\$v1\$/);
    expect(await hasher.verify(chosen, scrypt)).toEqual({ ok: true, rehash: null });
  });

  it('rehashes through the charger stream: the directory answers the new hash, the history records it once', async () => {
    const registered = await t.call('POST', '/v1/chargers', key, { chargerId: 'CRED-3', model: 'zappi' });
    const password = String(registered.body['password']);
    const before = (await lookup('CRED-3')).credentialsHash;
    // What an edge does during a pepper rotation: the old hash verifies and asks for the new pepper's.
    const check = await new CredentialHasher({ current: NEXT_PEPPER, previous: TEST_CREDENTIAL_PEPPER }).verify(
      password,
      before,
    );
    const after = check.ok ? check.rehash : null;
    expect(after).toMatch(/^hmac-sha256\$v1\$/);
    const request = { chargerId: 'CRED-3', previousHash: before, credentialsHash: after ?? '' };

    expect(await rehash(request)).toEqual({ rehashed: true });
    expect((await lookup('CRED-3')).credentialsHash).toBe(after);
    // A second edge's rehash of the same check (the stored hash is no longer `previousHash`) changes nothing.
    expect(await rehash(request)).toEqual({ rehashed: false });

    const events = await t.call('GET', '/v1/chargers/CRED-3/events', key);
    const types = (events.body['items'] as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(['ChargerRegistered', 'ChargerCredentialsRehashed']);
  });

  it('refuses to store anything but an HMAC hash, and a rehash of an unknown charger', async () => {
    const bad = rehash({ chargerId: 'CRED-1', previousHash: 'x', credentialsHash: 'scrypt$v1$1$1$1$00$00' });
    await expect(bad).rejects.toThrow(/hmac-sha256/);
    const unknown = rehash({
      chargerId: 'CRED-NOBODY',
      previousHash: 'x',
      credentialsHash: `hmac-sha256$v1$00000000$${'0'.repeat(64)}`,
    });
    await expect(unknown).rejects.toThrow(/not registered/);
  });
});
