import { createHash, randomBytes } from 'node:crypto';

/** A charger key as OCPP's AuthorizationKey expects: 20 random bytes (160 bits) as 40 hex characters. */
export function generateChargerKey(): string {
  return randomBytes(20).toString('hex');
}

/** Whether a secret has the shape `generateChargerKey` gives (used only to upgrade legacy hashes, see 0007). */
export function looksGenerated(secret: string): boolean {
  return /^[0-9a-f]{40}$/.test(secret);
}

/** An API key (shown once) and the digest stored for lookup: keys are long and random, so SHA-256 suffices. */
export function generateApiKey(): { key: string; digest: string } {
  const key = `cpk_${randomBytes(24).toString('base64url')}`;
  return { key, digest: apiKeyDigest(key) };
}

export function apiKeyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
