import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { decidePolicy } from '../policy/decide-policy.js';
import { evolvePolicy } from '../policy/evolve-policy.js';
import { initialPolicyState, type PolicyState } from '../policy/policy-state.js';
import { iso, MINUTE, platformMode, policyCreated, T0 } from '../test-builders.js';
import { seededRandomSource } from './random-source.js';

// Method: 100 chargers in platform mode (maximum 600 s) are each sent the same profile in 100 rounds — the worst
// case for synchronisation, a trigger shared by the whole fleet — through the policy decider, all drawing from
// one seeded source as production draws from one crypto source: 10,000 evaluations, one relevant time each.
const CHARGERS = 100;
const ROUNDS = 100;
const MAX = 600;
/** Upper critical value of chi-square with k degrees of freedom (Wilson–Hilferty), significance 0.001 (z = 3.0902). */
const chiSquareCritical = (k: number, z = 3.0902) => k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;

/** Charging at 32 A from one hour after `at` (a single rise, far from any other boundary). */
const aTrigger = (at: number): ChargingProfile => ({
  chargingProfileId: 300,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule: iso(at - MINUTE),
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 0 },
      { startPeriod: 3660, limit: 32 },
    ],
  },
});

function runFleet(seed: number): number[][] {
  const random = seededRandomSource(seed);
  const fold = (events: Parameters<typeof evolvePolicy>[1][]) => events.reduce(evolvePolicy, initialPolicyState());
  let fleet: PolicyState[] = Array.from({ length: CHARGERS }, () => fold([policyCreated(), ...platformMode()]));
  const delays: number[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const at = T0 + round * 3 * 3_600_000;
    const row: number[] = [];
    fleet = fleet.map((state) => {
      const events = decidePolicy(
        {
          type: 'EvaluateProfile',
          now: at,
          connectorId: 1,
          profile: aTrigger(at),
          trigger: 'profile-evaluated',
          fresh: false,
          random,
          profiles: [],
        },
        state,
      );
      const applied = events.find((e) => e.type === 'RandomisedDelayApplied');
      if (applied?.type !== 'RandomisedDelayApplied') throw new Error('expected a delay');
      row.push(applied.data.delays[0]!.delaySeconds);
      return events.reduce(evolvePolicy, state);
    });
    delays.push(row);
  }
  return delays;
}

describe('Platform randomised delay: distribution over 10,000 evaluations (seeded)', () => {
  const delays = runFleet(20_261_125);
  const all = delays.flat();

  it('draws every delay as a whole second in 0..600', () => {
    expect(all).toHaveLength(CHARGERS * ROUNDS);
    expect(all.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX)).toBe(true);
  });

  it('is uniform over 0..600 (chi-square goodness of fit, 600 degrees of freedom, significance 0.001)', () => {
    const counts = new Array<number>(MAX + 1).fill(0);
    for (const d of all) counts[d]!++;
    const expected = all.length / (MAX + 1);
    const chi = counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(chiSquareCritical(MAX));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    // Standard error of the mean of a discrete uniform 0..600 over 10,000 draws is about 1.73 s.
    expect(Math.abs(mean - MAX / 2)).toBeLessThan(6);
  });

  it('draws independently for different chargers (chi-square test of independence on pairs, 81 df, significance 0.001)', () => {
    const bins = 10;
    const bin = (d: number) => Math.floor((d * bins) / (MAX + 1));
    const table = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
    for (const row of delays) for (let c = 0; c + 1 < CHARGERS; c += 2) table[bin(row[c]!)]![bin(row[c + 1]!)]!++;
    const n = (CHARGERS / 2) * ROUNDS;
    const rowSums = table.map((r) => r.reduce((a, b) => a + b, 0));
    const colSums = table[0]!.map((_, j) => table.reduce((a, r) => a + r[j]!, 0));
    let chi = 0;
    table.forEach((r, i) =>
      r.forEach((observed, j) => {
        const expected = (rowSums[i]! * colSums[j]!) / n;
        chi += (observed - expected) ** 2 / expected;
      }),
    );
    expect(chi).toBeLessThan(chiSquareCritical((bins - 1) * (bins - 1)));
  });

  it('never synchronises the fleet: in every round the chargers spread over the window', () => {
    for (const row of delays) {
      // 100 draws from 601 values: about 92 distinct are expected, and rarely more than 3 on one second.
      expect(new Set(row).size).toBeGreaterThanOrEqual(80);
      const sameSecond = Math.max(
        ...[...row.reduce((m, d) => m.set(d, (m.get(d) ?? 0) + 1), new Map<number, number>()).values()],
      );
      expect(sameSecond).toBeLessThanOrEqual(5);
      expect(Math.max(...row) - Math.min(...row)).toBeGreaterThan(MAX * 0.8);
    }
  });

  it('gives a charger a new draw at each relevant time, uncorrelated with its previous one', () => {
    const pairs = delays.slice(1).flatMap((row, r) => row.map((d, c) => [delays[r]![c]!, d] as const));
    const mx = pairs.reduce((a, [x]) => a + x, 0) / pairs.length;
    const my = pairs.reduce((a, [, y]) => a + y, 0) / pairs.length;
    const cov = pairs.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
    const sx = Math.sqrt(pairs.reduce((a, [x]) => a + (x - mx) ** 2, 0));
    const sy = Math.sqrt(pairs.reduce((a, [, y]) => a + (y - my) ** 2, 0));
    // |r| below 4 standard errors (1/sqrt(n)) of a zero correlation.
    expect(Math.abs(cov / (sx * sy))).toBeLessThan(4 / Math.sqrt(pairs.length));
  });
});
