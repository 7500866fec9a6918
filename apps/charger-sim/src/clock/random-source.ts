import { createHash, randomInt } from 'node:crypto';

/** Uniform in [0, 1). Every random choice of the simulator goes through one of these. */
export type RandomSource = () => number;

// sfc32: small, fast and good enough for simulation; seeded from a SHA-256 of the seed text so any seed
// (a number or a word) gives a well-mixed state.
function sfc32(a: number, b: number, c: number, d: number): RandomSource {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function seededRandom(seed: string): RandomSource {
  const digest = createHash('sha256').update(seed).digest();
  const next = sfc32(digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12));
  for (let i = 0; i < 12; i++) next(); // warm-up: the first outputs of sfc32 correlate with the seed words
  return next;
}

/** Unseeded runs: cryptographic randomness, 47 bits per draw (randomInt allows a range below 2^48). */
export const cryptoRandom: RandomSource = () => randomInt(0, 2 ** 47) / 2 ** 47;

/**
 * One independent source per charger. With a seed, each charger's draws depend only on (seed, id), so a
 * run is reproducible whatever order the network delivers messages in.
 */
export function randomForCharger(seed: string | null, chargerId: string): RandomSource {
  return seed === null ? cryptoRandom : seededRandom(`${seed}\u0000${chargerId}`);
}

/** Exponentially distributed value with the given mean (inverse-CDF sampling). */
export function exponential(random: RandomSource, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
