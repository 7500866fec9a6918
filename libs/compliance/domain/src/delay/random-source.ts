/**
 * Where the randomised delay's draws come from (injected: crypto in production, seeded in tests). `name`
 * is recorded with every draw in the audit trail.
 */
export interface RandomSource {
  readonly name: string;
  /** A whole number drawn uniformly from 0 … maxInclusive. */
  int(maxInclusive: number): number;
}

const TWO_32 = 0x1_0000_0000;

/**
 * A deterministic source for tests and simulations: sfc32 (a 128-bit-state generator that passes
 * PractRand), seeded through splitmix32, with rejection sampling so every value of the range is equally likely.
 */
export function seededRandomSource(seed: number): RandomSource {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    name: `seeded-sfc32:${seed}`,
    int(maxInclusive: number): number {
      if (!Number.isInteger(maxInclusive) || maxInclusive < 0 || maxInclusive >= TWO_32)
        throw new RangeError(`cannot draw from 0..${maxInclusive}`);
      const range = maxInclusive + 1;
      const limit = TWO_32 - (TWO_32 % range);
      for (;;) {
        const u = next();
        if (u < limit) return u % range;
      }
    },
  };
}
