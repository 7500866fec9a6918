import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import { aZappiRegistered, T0, writeId } from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);
const NEW_HASH = `hmac-sha256$v1$0a1b2c3d$${'e'.repeat(64)}`;
const rehash = (previousHash: string) => ({
  type: 'RehashCredentials' as const,
  now: T0,
  writeId: writeId(1),
  previousHash,
  credentialsHash: NEW_HASH,
});

describe('Charger credentials rehash (decision 0007)', () => {
  const registered = aZappiRegistered();
  const stored = registered.data.credentialsHash;

  it('stores the new hash while the stored one is still the hash the edge checked', () => {
    const state = spec
      .given([registered])
      .when(rehash(stored))
      .then([
        {
          type: 'ChargerCredentialsRehashed',
          schemaVersion: 1,
          occurredAt: new Date(T0).toISOString(),
          data: { credentialsHash: NEW_HASH },
        },
      ]);
    expect(state.credentialsHash).toBe(NEW_HASH);
  });

  it('changes nothing when the stored hash moved on (a new key, or another edge rehashed first)', () => {
    spec.given([registered]).when(rehash('scrypt$some-older-hash')).then([]);
    spec
      .given([registered])
      .when(rehash(stored), rehash(stored))
      .then([
        {
          type: 'ChargerCredentialsRehashed',
          schemaVersion: 1,
          occurredAt: new Date(T0).toISOString(),
          data: { credentialsHash: NEW_HASH },
        },
      ]);
  });

  it('refuses a rehash of a charger that is not registered', () => {
    spec
      .given([])
      .when(rehash('x'))
      .thenThrows(/not registered/);
  });
});
