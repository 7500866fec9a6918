import { generateChargerKey, looksGenerated } from './credentials.js';
import { parseHmac, Pepper } from './pepper.js';
import { parseScrypt, scryptHash, scryptVerify } from './password-hash.js';

/** The peppers of a deployment: the one new hashes use, and the one before it while a rotation is under way. */
export interface PepperConfig {
  readonly current: string;
  readonly previous?: string | undefined;
}

/** A charger credential just made: the password to show once and the hash to store. */
export interface NewChargerCredential {
  readonly password: string;
  readonly credentialsHash: string;
  /** generated = platform key (HMAC); chosen = the registration supplied it (scrypt). */
  readonly kind: 'generated' | 'chosen';
}

/** A check's verdict; `rehash` is the hash to store instead, when the stored one is of an older kind or pepper. */
export type CredentialCheck = { readonly ok: false } | { readonly ok: true; readonly rehash: string | null };

/**
 * Charger credentials, decision 0007: a platform-generated key (160 random bits) is stored as HMAC-SHA-256 under a
 * server-side pepper and checked in microseconds; a password a person chose is stored with scrypt. Every stored
 * hash says which it is (`hmac-sha256$v1$<pepper id>$…`, `scrypt$v1$…`, legacy `scrypt$N$r$p$…`).
 */
export class CredentialHasher {
  readonly #current: Pepper;
  readonly #previous: Pepper | undefined;

  constructor(peppers: PepperConfig) {
    this.#current = new Pepper(peppers.current, 'the credential pepper');
    this.#previous =
      peppers.previous === undefined ? undefined : new Pepper(peppers.previous, 'the previous credential pepper');
    if (this.#previous?.id === this.#current.id) throw new RangeError('the previous pepper equals the current one');
  }

  /**
   * The one way to make a new charger credential (single registration and bulk): a generated key hashed with the
   * current pepper, or — when the registration chose the password — that password hashed with scrypt.
   */
  async newChargerCredential(chosenPassword?: string): Promise<NewChargerCredential> {
    if (chosenPassword !== undefined) {
      return { password: chosenPassword, credentialsHash: await scryptHash(chosenPassword), kind: 'chosen' };
    }
    const password = generateChargerKey();
    return { password, credentialsHash: this.#current.hash(password), kind: 'generated' };
  }

  /** Whether checking against this hash is slow (scrypt): callers bound how many run at once. */
  isSlow(stored: string): boolean {
    return stored.startsWith('scrypt$');
  }

  /**
   * Checks a presented secret against a stored hash, in constant time for its kind; a malformed hash or an unknown
   * pepper never verifies. On success, `rehash` is set when the stored hash should be replaced: an HMAC under the
   * previous pepper, or a legacy scrypt hash of a secret shaped like a generated key (both → HMAC, current pepper).
   */
  async verify(secret: string, stored: string): Promise<CredentialCheck> {
    const hmac = parseHmac(stored);
    if (hmac !== undefined) {
      const pepper = [this.#current, this.#previous].find((p) => p?.id === hmac.pepperId);
      if (pepper === undefined || !pepper.matches(secret, hmac.digest)) return { ok: false };
      return { ok: true, rehash: pepper === this.#current ? null : this.#current.hash(secret) };
    }
    const scrypt = parseScrypt(stored);
    if (scrypt === undefined || !(await scryptVerify(secret, scrypt))) return { ok: false };
    return { ok: true, rehash: scrypt.legacy && looksGenerated(secret) ? this.#current.hash(secret) : null };
  }

  /** Whether a stored hash is one `verify` can read and may be written as the outcome of a rehash. */
  static isRehashTarget(stored: string): boolean {
    return parseHmac(stored) !== undefined;
  }
}
