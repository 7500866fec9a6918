import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** The shortest pepper accepted (characters); `openssl rand -base64 32` gives 44. */
export const MIN_PEPPER_LENGTH = 32;

/**
 * A server-side secret key for the HMAC of generated charger keys (decision 0007). Its id — the first 8 hex digits
 * of an HMAC of a fixed label under the pepper — is written into every hash, so a check knows which pepper made it
 * (rotation) without the hash revealing anything about the pepper.
 */
export class Pepper {
  readonly id: string;
  // A KeyObject, imported once: each HMAC then skips the key import (about half of a check's cost).
  readonly #key: KeyObject;

  constructor(value: string, name = 'pepper') {
    if (value.length < MIN_PEPPER_LENGTH) {
      throw new RangeError(
        `${name} must be at least ${MIN_PEPPER_LENGTH} characters (got ${value.length}); generate one with ` +
          '`openssl rand -base64 32`',
      );
    }
    this.#key = createSecretKey(Buffer.from(value, 'utf8'));
    this.id = createHmac('sha256', this.#key).update('chargeplane/pepper-id').digest('hex').slice(0, 8);
  }

  /** `hmac-sha256$v1$<pepper id>$<HMAC-SHA-256(pepper, secret) hex>`. */
  hash(secret: string): string {
    return `hmac-sha256$v1$${this.id}$${this.#mac(secret).toString('hex')}`;
  }

  /** Compares the secret's HMAC with a stored digest in constant time. */
  matches(secret: string, digest: Buffer): boolean {
    const actual = this.#mac(secret);
    return digest.length === actual.length && timingSafeEqual(actual, digest);
  }

  #mac(secret: string): Buffer {
    return createHmac('sha256', this.#key).update(secret, 'utf8').digest();
  }
}

/** A parsed `hmac-sha256$v1$<pepper id>$<hex>`. */
export interface HmacHash {
  readonly pepperId: string;
  readonly digest: Buffer;
}

export function parseHmac(stored: string): HmacHash | undefined {
  const match = /^hmac-sha256\$v1\$([0-9a-f]{8})\$([0-9a-f]{64})$/.exec(stored);
  if (match === null) return undefined;
  return { pepperId: match[1] as string, digest: Buffer.from(match[2] as string, 'hex') };
}
