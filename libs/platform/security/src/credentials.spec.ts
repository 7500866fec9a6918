import { createHmac, randomBytes, scryptSync } from 'node:crypto';
import { apiKeyDigest, generateApiKey, generateChargerKey, looksGenerated } from './credentials.js';
import { CredentialHasher } from './credential-hasher.js';

const PEPPER_A = 'pepper-a-0123456789abcdef0123456789abcdef';
const PEPPER_B = 'pepper-b-0123456789abcdef0123456789abcdef';

/** The format hashSecret wrote before decision 0007: `scrypt$N$r$p$salt$hash`, generated keys included. */
function legacyScrypt(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('hex')}$${hash.toString('hex')}`;
}

describe('Charger credentials', () => {
  const hasher = new CredentialHasher({ current: PEPPER_A });

  it('stores a generated key as a peppered HMAC and verifies only that key', async () => {
    const { password, credentialsHash, kind } = await hasher.newChargerCredential();
    expect(kind).toBe('generated');
    expect(password).toMatch(/^[0-9a-f]{40}$/);
    expect(credentialsHash).toMatch(/^hmac-sha256\$v1\$[0-9a-f]{8}\$[0-9a-f]{64}$/);
    // The digest is HMAC-SHA-256 under the pepper, not a plain hash of the key.
    const digest = credentialsHash.split('$')[3];
    expect(digest).toBe(createHmac('sha256', PEPPER_A).update(password).digest('hex'));
    expect(await hasher.verify(password, credentialsHash)).toEqual({ ok: true, rehash: null });
    expect(await hasher.verify(generateChargerKey(), credentialsHash)).toEqual({ ok: false });
  });

  it('stores a chosen password with salted scrypt (v1) and never rehashes it', async () => {
    const { credentialsHash, kind } = await hasher.newChargerCredential('correct horse battery');
    expect(kind).toBe('chosen');
    expect(credentialsHash).toMatch(/^scrypt\$v1\$16384\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(await hasher.verify('correct horse battery', credentialsHash)).toEqual({ ok: true, rehash: null });
    expect(await hasher.verify('wrong horse battery', credentialsHash)).toEqual({ ok: false });
    const again = await hasher.newChargerCredential('correct horse battery');
    expect(again.credentialsHash).not.toBe(credentialsHash);
  });

  it('accepts a legacy scrypt hash of a generated key and asks for it to be stored as HMAC', async () => {
    const key = generateChargerKey();
    const check = await hasher.verify(key, legacyScrypt(key));
    expect(check.ok).toBe(true);
    const rehash = check.ok ? check.rehash : null;
    expect(rehash).toMatch(/^hmac-sha256\$v1\$/);
    expect(await hasher.verify(key, rehash ?? '')).toEqual({ ok: true, rehash: null });
    expect(CredentialHasher.isRehashTarget(rehash ?? '')).toBe(true);
    expect(await hasher.verify(generateChargerKey(), legacyScrypt(key))).toEqual({ ok: false });
  });

  it('keeps a legacy scrypt hash of a password that does not look generated', async () => {
    expect(await hasher.verify('a chosen passphrase', legacyScrypt('a chosen passphrase'))).toEqual({
      ok: true,
      rehash: null,
    });
  });

  it('rotates peppers: a hash under the previous pepper verifies and is rehashed under the current one', async () => {
    const before = new CredentialHasher({ current: PEPPER_A });
    const { password, credentialsHash } = await before.newChargerCredential();
    const during = new CredentialHasher({ current: PEPPER_B, previous: PEPPER_A });
    const check = await during.verify(password, credentialsHash);
    expect(check.ok).toBe(true);
    const rehash = check.ok ? (check.rehash ?? '') : '';
    expect(rehash.split('$')[2]).not.toBe(credentialsHash.split('$')[2]);
    expect(await during.verify(password, rehash)).toEqual({ ok: true, rehash: null });
    // Once the previous pepper is dropped, hashes not rehashed under the new one stop verifying.
    const after = new CredentialHasher({ current: PEPPER_B });
    expect(await after.verify(password, credentialsHash)).toEqual({ ok: false });
    expect(await after.verify(password, rehash)).toEqual({ ok: true, rehash: null });
  });

  it('never verifies a malformed or hostile hash', async () => {
    const key = generateChargerKey();
    for (const stored of [
      '',
      'plain',
      `hmac-sha256$v1$zzzzzzzz$${'0'.repeat(64)}`,
      `hmac-sha256$v2$00000000$${'0'.repeat(64)}`,
      'scrypt$16384$8$1$00$00',
      `scrypt$v1$16384$8$1$${'0'.repeat(32)}$${'0'.repeat(64)}`,
      // 2^30 × 8 × 128 bytes: refused before scrypt would allocate it.
      `scrypt$1073741824$8$1$${'0'.repeat(32)}$${'0'.repeat(64)}`,
      `scrypt$1000$8$1$${'0'.repeat(32)}$${'0'.repeat(64)}`,
    ]) {
      expect(await hasher.verify(key, stored)).toEqual({ ok: false });
    }
  });

  it('refuses a pepper that is too short, and a previous pepper equal to the current one', () => {
    expect(() => new CredentialHasher({ current: 'short' })).toThrow(/at least 32 characters/);
    expect(() => new CredentialHasher({ current: PEPPER_A, previous: 'short' })).toThrow(/previous/);
    expect(() => new CredentialHasher({ current: PEPPER_A, previous: PEPPER_A })).toThrow(/equals/);
  });

  it('tells slow (scrypt) hashes from fast ones', async () => {
    expect(hasher.isSlow((await hasher.newChargerCredential()).credentialsHash)).toBe(false);
    expect(hasher.isSlow((await hasher.newChargerCredential('a chosen passphrase')).credentialsHash)).toBe(true);
  });

  it('generates 40-hex charger keys and API keys whose digest is stable', () => {
    expect(looksGenerated(generateChargerKey())).toBe(true);
    expect(looksGenerated('correct horse battery staple')).toBe(false);
    const { key, digest } = generateApiKey();
    expect(key).toMatch(/^cpk_/);
    expect(apiKeyDigest(key)).toBe(digest);
  });
});
