import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt cost of human-chosen passwords: 16 MiB and ~34 ms of one core per hash on the project machine. */
export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// The largest cost a stored hash may ask for (128·N·r bytes): a corrupt or hostile hash cannot make a check eat memory.
const MAX_MEMORY = 64 * 1024 * 1024;

/** A parsed `scrypt$…` hash; `legacy` = the unversioned format written before 0007, whose secret may be a generated key. */
export interface ScryptHash {
  readonly legacy: boolean;
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * Hashes a human-chosen password as `scrypt$v1$N$r$p$<salt hex>$<hash hex>` with a fresh 16-byte salt. The `v1`
 * says the secret was chosen by a person (since 0007 only those are hashed with scrypt).
 */
export async function scryptHash(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = SCRYPT_PARAMS;
  const hash = await scryptAsync(secret, salt, KEY_LENGTH, { N, r, p, maxmem: MAX_MEMORY });
  return `scrypt$v1$${N}$${r}$${p}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** Reads `scrypt$v1$N$r$p$salt$hash` or the legacy `scrypt$N$r$p$salt$hash`; undefined when it is neither. */
export function parseScrypt(stored: string): ScryptHash | undefined {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return undefined;
  const legacy = parts.length === 6;
  if (!legacy && !(parts.length === 7 && parts[1] === 'v1')) return undefined;
  const [n, r, p, saltHex, hashHex] = parts.slice(legacy ? 1 : 2) as [string, string, string, string, string];
  const params = [Number(n), Number(r), Number(p)] as const;
  if (!params.every((x) => Number.isSafeInteger(x) && x > 0)) return undefined;
  if (!/^(?:[0-9a-f]{2})+$/.test(saltHex) || !/^[0-9a-f]{64}$/.test(hashHex)) return undefined;
  return {
    legacy,
    N: params[0],
    r: params[1],
    p: params[2],
    salt: Buffer.from(saltHex, 'hex'),
    hash: Buffer.from(hashHex, 'hex'),
  };
}

/** Checks a secret against a parsed scrypt hash in constant time; parameters beyond MAX_MEMORY never verify. */
export async function scryptVerify(secret: string, stored: ScryptHash): Promise<boolean> {
  if (128 * stored.N * stored.r > MAX_MEMORY) return false;
  try {
    const actual = await scryptAsync(secret, stored.salt, KEY_LENGTH, {
      N: stored.N,
      r: stored.r,
      p: stored.p,
      maxmem: MAX_MEMORY,
    });
    return timingSafeEqual(actual, stored.hash);
  } catch {
    // Parameters scrypt refuses (N not a power of two, …): a hash that can never verify.
    return false;
  }
}
