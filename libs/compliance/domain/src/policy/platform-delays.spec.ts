import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { deciderSpec } from '@chargeplane/platform-testing';
import type { ChargerProfileView } from '../plan/plan-types.js';
import {
  aDailyProfile,
  anAbsoluteProfile,
  DAY,
  evaluate,
  HOUR,
  iso,
  platformMode,
  policyCreated,
  SECOND,
  T0,
} from '../test-builders.js';
import { decidePolicy } from './decide-policy.js';
import { evolvePolicy } from './evolve-policy.js';
import { platformDelays } from './platform-delays.js';
import { initialPolicyState } from './policy-state.js';

const spec = deciderSpec({ decide: decidePolicy, evolve: evolvePolicy, initialState: initialPolicyState }, expect);
const platform = [policyCreated(), ...platformMode()];

/** The charger stream as compliance-gb reads it: `desired` under the profile's id on connector 1. */
const desiredAs = (desired: ChargingProfile): ChargerProfileView[] => [
  { chargingProfileId: desired.chargingProfileId, connectorId: 1, desired, confirmed: null, inSync: false },
];

/** Given platform mode, when `profile` is evaluated: the recorded draw and the policy state after it. */
function delayed(profile: ChargingProfile) {
  const [applied] = spec
    .given(platform)
    .when(evaluate(profile, { seed: 5 }))
    .events();
  if (applied?.type !== 'RandomisedDelayApplied') throw new Error(`expected a delay, got ${applied?.type}`);
  // Folded from the event itself (a second run would draw again from the same seeded source).
  return { applied, state: spec.given([...platform, applied]).state };
}

const plus = (at: string, seconds: number) => iso(Date.parse(at) + seconds * SECOND);

describe('The platform delays a GB charger carries (what GET …/compliance shows)', () => {
  describe('when an Absolute profile was delayed and is desired as delivered', () => {
    it('shows each boundary ahead at its nominal instant and moved by exactly the delay the event recorded', () => {
      const { applied, state } = delayed(anAbsoluteProfile());
      const [view] = platformDelays(state, desiredAs(applied.data.deliveredProfile), T0);
      expect(view).toMatchObject({
        chargingProfileId: 200,
        connectorId: 1,
        drawnAt: iso(T0),
        maxDelaySeconds: 600,
        repeatsEverySeconds: null,
        redrawAt: null,
      });
      expect(view!.boundaries).toEqual(
        applied.data.delays.map((d) => ({
          change: d.change,
          nominalStartPeriod: d.nominalStartPeriod,
          nominalAt: d.nominalAt,
          delayedAt: plus(d.nominalAt!, d.delaySeconds),
          delaySeconds: d.delaySeconds,
          boundSeconds: d.boundSeconds,
          atWrite: false,
        })),
      );
    });

    it('drops the boundaries whose delayed instant has passed, and keeps one whose nominal instant only just passed', () => {
      const { applied, state } = delayed(anAbsoluteProfile());
      const fall = applied.data.delays.find((d) => d.change === 'decrease')!;
      // The seeded draw for the fall is more than a second: one second after its nominal instant it is still ahead.
      expect(fall.delaySeconds).toBeGreaterThan(1);
      const justAfter = Date.parse(fall.nominalAt!) + SECOND;
      const [view] = platformDelays(state, desiredAs(applied.data.deliveredProfile), justAfter);
      expect(view!.boundaries.map((b) => b.change)).toEqual(['decrease', 'increase', 'end']);
      expect(view!.boundaries[0]).toMatchObject({ nominalAt: fall.nominalAt, delaySeconds: fall.delaySeconds });
    });

    it('shows nothing once every boundary has passed', () => {
      const { applied, state } = delayed(anAbsoluteProfile());
      expect(platformDelays(state, desiredAs(applied.data.deliveredProfile), T0 + DAY)).toEqual([]);
    });
  });

  describe('when a recurring profile was delayed', () => {
    it('shows the next occurrence of each boundary with its delay, the write itself once, the cycle and the re-draw', () => {
      const { applied, state } = delayed(aDailyProfile());
      const [view] = platformDelays(state, desiredAs(applied.data.deliveredProfile), T0);
      expect(view).toMatchObject({ repeatsEverySeconds: 86_400, redrawAt: applied.data.refreshAt });
      const atWrite = applied.data.delays.find((d) => d.installation)!;
      expect(view!.boundaries).toContainEqual(
        expect.objectContaining({ atWrite: true, nominalAt: iso(T0), delaySeconds: atWrite.delaySeconds }),
      );
      for (const draw of applied.data.delays.filter((d) => !d.installation))
        expect(view!.boundaries).toContainEqual(
          expect.objectContaining({
            atWrite: false,
            nominalStartPeriod: draw.nominalStartPeriod,
            nominalAt: draw.nominalAt,
            delayedAt: plus(draw.nominalAt!, draw.delaySeconds),
          }),
        );
    });

    it('moves each boundary to its next day with the same delay, and leaves the one-off write behind', () => {
      const { applied, state } = delayed(aDailyProfile());
      const nextDay = T0 + DAY;
      const [view] = platformDelays(state, desiredAs(applied.data.deliveredProfile), nextDay);
      const schedule = applied.data.delays.filter((d) => !d.installation);
      expect(view!.boundaries.map((b) => [b.nominalAt, b.delaySeconds])).toEqual(
        schedule.map((d) => [plus(d.nominalAt!, 86_400), d.delaySeconds]),
      );
    });
  });

  describe('when the platform delays are not what the charger is asked to hold', () => {
    it('shows nothing for a profile the CPO replaced since the draw', () => {
      const { state } = delayed(anAbsoluteProfile());
      const replaced = anAbsoluteProfile({ chargingSchedule: { startSchedule: iso(T0 + 2 * HOUR) } });
      expect(platformDelays(state, desiredAs(replaced), T0)).toEqual([]);
    });

    it('shows nothing in device mode, where nothing was drawn by the platform', () => {
      const state = spec.given([policyCreated()]).when(evaluate(anAbsoluteProfile())).state();
      expect(platformDelays(state, desiredAs(anAbsoluteProfile()), T0)).toEqual([]);
    });
  });
});
