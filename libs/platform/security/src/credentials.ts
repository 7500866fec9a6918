import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** Hashes a secret as `scrypt$N$r$p$<salt hex>$<hash hex>` with a fresh 16-byte salt. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, KEY_LENGTH, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** Checks a secret against a stored hash in constant time; a malformed hash never verifies. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltHex, hashHex] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashHex, 'hex');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await scryptAsync(secret, Buffer.from(saltHex, 'hex'), KEY_LENGTH, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/** A charger key as OCPP's AuthorizationKey expects: 20 random bytes as 40 hex characters. */
export function generateChargerKey(): string {
  return randomBytes(20).toString('hex');
}

/** An API key (shown once) and the digest stored for lookup: keys are long and random, so SHA-256 suffices. */
export function generateApiKey(): { key: string; digest: string } {
  const key = `cpk_${randomBytes(24).toString('base64url')}`;
  return { key, digest: apiKeyDigest(key) };
}

export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
