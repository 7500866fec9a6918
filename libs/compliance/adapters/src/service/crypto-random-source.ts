import { randomInt } from 'node:crypto';
import type { RandomSource } from '@chargeplane/compliance-domain';

/** Production draws: the operating system's CSPRNG through node:crypto (uniform, no modulo bias). */
export function cryptoRandomSource(): RandomSource {
  return { name: 'node:crypto.randomInt', int: (maxInclusive) => randomInt(0, maxInclusive + 1) };
}
