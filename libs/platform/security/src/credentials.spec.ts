import { apiKeyDigest, generateApiKey, generateChargerKey, hashSecret, verifySecret } from './credentials.js';

describe('Charger credentials', () => {
  it('verifies the right secret and refuses a wrong one or a malformed hash', async () => {
    const stored = await hashSecret('correct horse');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(await verifySecret('correct horse', stored)).toBe(true);
    expect(await verifySecret('wrong horse', stored)).toBe(false);
    expect(await verifySecret('correct horse', 'plain')).toBe(false);
  });

  it('salts each hash, so equal secrets hash differently', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it('generates 40-hex charger keys and API keys whose digest is stable', () => {
    expect(generateChargerKey()).toMatch(/^[0-9a-f]{40}$/);
    const { key, digest } = generateApiKey();
    expect(key).toMatch(/^cpk_/);
    expect(apiKeyDigest(key)).toBe(digest);
  });
});
