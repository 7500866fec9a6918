import { PlatformError, type ChargerCredentialsRehashRequest } from '@chargeplane/contracts-api';
import { CredentialHasher } from '@chargeplane/platform-security';
import type { ChargerService } from '../charger-service.js';

/**
 * Stores a charger's unchanged key under a newer hash after the edge checked it (decision 0007): through the
 * charger's stream like every other change, so the directory, the history and a rebuild all agree.
 */
export class CredentialsRehash {
  constructor(private readonly service: ChargerService) {}

  /** True when the new hash was stored; false when the stored hash was no longer `previousHash`. */
  async rehash(request: ChargerCredentialsRehashRequest, correlationId: string): Promise<boolean> {
    if (!CredentialHasher.isRehashTarget(request.credentialsHash)) {
      throw new PlatformError('VALIDATION_FAILED', 'a rehash stores an hmac-sha256$v1 hash only');
    }
    const executed = await this.service.execute(
      request.chargerId,
      (_s, base) => ({
        ...base,
        type: 'RehashCredentials',
        previousHash: request.previousHash,
        credentialsHash: request.credentialsHash,
      }),
      { correlationId, causationId: null },
    );
    return executed.events.some((e) => e.type === 'ChargerCredentialsRehashed');
  }
}
