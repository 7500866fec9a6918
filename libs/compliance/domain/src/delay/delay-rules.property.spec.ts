import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import fc from 'fast-check';
import { decideDelays } from './evaluate-delays.js';
import { seededRandomSource } from './random-source.js';
import { DAY, T0 } from '../test-builders.js';

const CYCLE = 86_400;

/** Any well-formed schedule: Absolute, Recurring Daily or Relative, 1–12 periods, with or without a duration. */
const profiles = fc
  .record({
    kind: fc.constantFrom<'Absolute' | 'Recurring' | 'Relative'>('Absolute', 'Recurring', 'Relative'),
    gaps: fc.array(fc.integer({ min: 1, max: 7000 }), { minLength: 0, maxLength: 11 }),
    limits: fc.array(fc.constantFrom(0, 6, 10, 16, 32), { minLength: 12, maxLength: 12 }),
    phases: fc.array(fc.option(fc.constantFrom(1, 3), { nil: undefined }), { minLength: 12, maxLength: 12 }),
    tail: fc.option(fc.integer({ min: 1, max: 9000 }), { nil: undefined }),
    anchorOffsetSeconds: fc.integer({ min: -2 * 86_400, max: 2 * 86_400 }),
  })
  .map(({ kind, gaps, limits, phases, tail, anchorOffsetSeconds }): ChargingProfile => {
    const starts = gaps.reduce<number[]>((acc, g) => [...acc, acc.at(-1)! + g], [0]);
    const duration =
      tail === undefined
        ? undefined
        : Math.min(starts.at(-1)! + tail, kind === 'Recurring' ? CYCLE : Number.MAX_SAFE_INTEGER);
    return {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: kind,
      ...(kind === 'Recurring' ? { recurrencyKind: 'Daily' as const } : {}),
      chargingSchedule: {
        ...(kind === 'Relative'
          ? {}
          : { startSchedule: new Date(T0 + anchorOffsetSeconds * 1000).toISOString().replace('.000Z', 'Z') }),
        ...(duration === undefined || duration <= starts.at(-1)! ? {} : { duration }),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: starts.map((startPeriod, i) => ({
          startPeriod,
          limit: limits[i]!,
          ...(phases[i] ? { numberPhases: phases[i] } : {}),
        })),
      },
    };
  });

describe('Platform randomised delay, for any schedule', () => {
  it('keeps the slots, the order of boundaries and every bound; delays are whole seconds within 0..max', () => {
    fc.assert(
      fc.property(
        profiles,
        fc.integer({ min: 1, max: 1800 }),
        fc.integer(),
        fc.integer({ min: 0, max: 3 * DAY }),
        (nominal, max, seed, later) => {
          const nowMs = T0 + later;
          const outcome = decideDelays({
            profile: nominal,
            nowMs,
            maxDelaySeconds: max,
            exemptAll: null,
            exemptNext: false,
            random: seededRandomSource(seed),
            installation: null,
          });
          if (outcome.kind !== 'delayed') return;
          const before = nominal.chargingSchedule;
          const after = outcome.profile.chargingSchedule;
          // Same slots, same limits, in the same order.
          expect(after.chargingSchedulePeriod.map((p) => [p.limit, p.numberPhases])).toEqual(
            before.chargingSchedulePeriod.map((p) => [p.limit, p.numberPhases]),
          );
          const starts = after.chargingSchedulePeriod.map((p) => p.startPeriod);
          expect(starts[0]).toBe(0);
          starts.forEach((s, i) => {
            expect(Number.isInteger(s)).toBe(true);
            if (i > 0) expect(s).toBeGreaterThan(starts[i - 1]!);
          });
          if (after.duration !== undefined) expect(after.duration).toBeGreaterThan(starts.at(-1)!);
          if (nominal.chargingProfileKind === 'Recurring' && after.duration !== undefined)
            expect(after.duration).toBeLessThanOrEqual(CYCLE);
          for (const d of outcome.delays) {
            expect(Number.isInteger(d.delaySeconds)).toBe(true);
            expect(d.delaySeconds).toBeGreaterThanOrEqual(0);
            expect(d.delaySeconds).toBeLessThanOrEqual(d.boundSeconds);
            expect(d.boundSeconds).toBeLessThanOrEqual(max);
          }
          // Every boundary sits at its nominal instant plus its own delay (0 if not relevant), before the next nominal boundary.
          const moved =
            before.startSchedule === undefined
              ? 0
              : (Date.parse(after.startSchedule!) - Date.parse(before.startSchedule)) / 1000;
          // A recurring anchor may move whole cycles back (rule G2): the same instants, never after now.
          const recurring = nominal.chargingProfileKind === 'Recurring';
          const shift = recurring ? ((moved % CYCLE) + CYCLE) % CYCLE : moved;
          if (recurring && Date.parse(before.startSchedule!) <= nowMs)
            expect(Date.parse(after.startSchedule!)).toBeLessThanOrEqual(nowMs);
          const nominalStarts = before.chargingSchedulePeriod.map((p) => p.startPeriod);
          const cover =
            before.duration ?? (nominal.chargingProfileKind === 'Recurring' ? CYCLE : Number.POSITIVE_INFINITY);
          nominalStarts.forEach((s, i) => {
            if (i === 0) return;
            const own =
              outcome.delays.find((d) => d.relevant.point.at === 'boundary' && d.relevant.point.index === i)
                ?.delaySeconds ?? 0;
            expect(shift + starts[i]!).toBe(s + own);
            expect(s + own).toBeLessThan(nominalStarts[i + 1] ?? cover);
          });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
