import { deciderSpec } from '@chargeplane/platform-testing';
import {
  aDailyProfile,
  anAbsoluteProfile,
  changePolicy,
  DAY,
  evaluate,
  event,
  HOUR,
  iso,
  platformMode,
  policyCreated,
  T0,
} from '../test-builders.js';
import { decidePolicy } from './decide-policy.js';
import { evaluationReply } from './decide-evaluation.js';
import { evolvePolicy } from './evolve-policy.js';
import { defaultGbSettings, initialPolicyState } from './policy-state.js';
import type { ComplianceEvent } from '@chargeplane/contracts-events';

const spec = deciderSpec({ decide: decidePolicy, evolve: evolvePolicy, initialState: initialPolicyState }, expect);
const platform = [policyCreated(), ...platformMode()];
const withSettings = (patch: Partial<ReturnType<typeof defaultGbSettings>>): ComplianceEvent =>
  event('CompliancePolicyChanged', T0 - 60_000, {
    settings: { ...defaultGbSettings(), randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 }, ...patch },
    changes: ['x'],
    changedBy: 'owner-1',
  });
const only = (events: readonly ComplianceEvent[]) => {
  expect(events).toHaveLength(1);
  return events[0]!;
};

describe('Evaluating a GB profile', () => {
  describe('in device mode', () => {
    it('records nothing and answers the profile unchanged: the charger delays', () => {
      const state = spec.given([policyCreated()]).when(evaluate(anAbsoluteProfile())).then([]);
      expect(evaluationReply(state, [], anAbsoluteProfile())).toMatchObject({
        chargingProfile: anAbsoluteProfile(),
        delays: [],
        exemption: 'device-mode',
      });
    });
  });

  describe('in platform mode', () => {
    it('records each delay with its relevant time, bound and random source, and answers the delayed profile', () => {
      const applied = only(
        spec
          .given(platform)
          .when(evaluate(anAbsoluteProfile(), { seed: 3 }))
          .events(),
      );
      expect(applied.type).toBe('RandomisedDelayApplied');
      if (applied.type !== 'RandomisedDelayApplied') return;
      expect(applied.data).toMatchObject({
        chargingProfileId: 200,
        connectorId: 1,
        trigger: 'profile-evaluated',
        maxDelaySeconds: 600,
        randomSource: 'seeded-sfc32:3',
        exemptions: [],
        refreshAt: null,
      });
      expect(applied.data.delays.map((d) => [d.change, d.nominalAt])).toEqual([
        ['start', '2026-11-25T11:00:00.000Z'],
        ['decrease', '2026-11-25T13:00:00.000Z'],
        ['increase', '2026-11-25T15:00:00.000Z'],
        ['end', '2026-11-25T17:00:00.000Z'],
      ]);
      const reply = evaluationReply(spec.given(platform).state, [applied], anAbsoluteProfile());
      expect(reply.chargingProfile).toEqual(applied.data.deliveredProfile);
      expect(reply.delays).toHaveLength(4);
      expect(reply.exemption).toBeNull();
    });

    it('draws again for a recurring profile and says when its daily refresh is due', () => {
      const applied = only(spec.given(platform).when(evaluate(aDailyProfile())).events());
      expect(applied.type === 'RandomisedDelayApplied' && applied.data.refreshAt).toMatch(/^2026-11-2[56]T/);
    });

    it('uses a maximum changed remotely for the next evaluation', () => {
      const changed = withSettings({ randomisedDelay: { mode: 'platform', maxDelaySeconds: 1800 } });
      const applied = only(
        spec
          .given([...platform, changed])
          .when(evaluate(anAbsoluteProfile()))
          .events(),
      );
      expect(applied.type === 'RandomisedDelayApplied' && applied.data.delays.map((d) => d.boundSeconds)).toEqual([
        1800, 1800, 1800, 1800,
      ]);
    });

    it('answers an unchanged profile without events when it has no relevant time', () => {
      const started = anAbsoluteProfile({
        chargingSchedule: { startSchedule: iso(T0 - 30 * DAY), duration: undefined },
      });
      // The charger already runs the same limit: the write changes nothing at installation either.
      const profiles = [{ chargingProfileId: 200, connectorId: 1, desired: started, confirmed: started, inSync: true }];
      spec.given(platform).when(evaluate(started, { profiles })).then([]);
    });

    it('records the draw for the change a write makes at installation, with the limits before and after (rule G1)', () => {
      const running = anAbsoluteProfile({
        chargingSchedule: {
          startSchedule: iso(T0 - DAY),
          duration: undefined,
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }],
        },
      });
      const lower = anAbsoluteProfile({
        chargingSchedule: {
          startSchedule: iso(T0 - 60_000),
          duration: undefined,
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
        },
      });
      const profiles = [{ chargingProfileId: 200, connectorId: 1, desired: running, confirmed: running, inSync: true }];
      const decision = only(spec.given(platform).when(evaluate(lower, { profiles })).events());
      if (decision.type !== 'RandomisedDelayApplied') throw new Error('expected a delay');
      const [draw] = decision.data.delays;
      expect(draw).toMatchObject({
        change: 'decrease',
        nominalStartPeriod: 60,
        nominalAt: iso(T0),
        boundSeconds: 600,
        installation: { method: 'hold', limitBefore: 32, limitAfter: 10 },
      });
      expect(decision.data.deliveredProfile.chargingSchedule.chargingSchedulePeriod).toEqual([
        { startPeriod: 0, limit: 32 },
        { startPeriod: draw!.delaySeconds, limit: 10 },
      ]);
    });
  });

  describe('exemptions (reg 11 (a)–(c)): the reason is recorded instead of a delay', () => {
    it('(c) does not delay while the charger delivers response DSR services', () => {
      const dsr = withSettings({ dsrAgreement: true, dsrResponseActive: true });
      const exempted = only(
        spec
          .given([...platform, dsr])
          .when(evaluate(anAbsoluteProfile()))
          .events(),
      );
      expect(exempted).toMatchObject({
        type: 'RandomisedDelayExempted',
        data: { reason: 'dsr-response', deliveredProfile: anAbsoluteProfile() },
      });
    });

    it('(a) does not delay under an owner override until further notice, and keeps the override', () => {
      const override = withSettings({
        ownerOverride: {
          scope: 'until-further-notice',
          requestedBy: 'owner-7',
          requestedAt: new Date(T0 - HOUR).toISOString(),
        },
      });
      const state = spec
        .given([...platform, override])
        .when(evaluate(anAbsoluteProfile()), evaluate(aDailyProfile()))
        .state();
      expect(state.settings.ownerOverride?.scope).toBe('until-further-notice');
      expect(state.applied[200]).toMatchObject({ delayed: false, exemption: 'owner-override' });
    });

    it('(a) leaves only the next relevant time undelayed under a next-relevant-time override, which is then used up', () => {
      const override = withSettings({
        ownerOverride: {
          scope: 'next-relevant-time',
          requestedBy: 'owner-7',
          requestedAt: new Date(T0 - HOUR).toISOString(),
        },
      });
      const given = spec.given([...platform, override]);
      const applied = only(given.when(evaluate(anAbsoluteProfile())).events());
      expect(applied).toMatchObject({
        type: 'RandomisedDelayApplied',
        data: {
          exemptions: [{ change: 'start', reason: 'owner-override' }],
          overrideConsumed: { requestedBy: 'owner-7' },
        },
      });
      expect(given.when(evaluate(anAbsoluteProfile())).state().settings.ownerOverride).toBeNull();
    });

    it('(b) does not draw again when an equivalent delay was already applied: the same profile, or our own delivered one', () => {
      const first = only(spec.given(platform).when(evaluate(anAbsoluteProfile())).events());
      if (first.type !== 'RandomisedDelayApplied') throw new Error('expected a delay');
      const again = spec
        .given([...platform, first])
        .when(evaluate(anAbsoluteProfile(), { seed: 99 }))
        .events();
      expect(again).toMatchObject([
        {
          type: 'RandomisedDelayExempted',
          data: { reason: 'equivalent-delay-applied', deliveredProfile: first.data.deliveredProfile },
        },
      ]);
      const echoed = spec
        .given([...platform, first])
        .when(evaluate(first.data.deliveredProfile))
        .events();
      expect(echoed).toMatchObject([{ type: 'RandomisedDelayExempted', data: { reason: 'equivalent-delay-applied' } }]);
      expect(
        evaluationReply(spec.given([...platform, first]).state, again, anAbsoluteProfile()).chargingProfile,
      ).toEqual(first.data.deliveredProfile);
    });

    it('draws again once the maximum changed, or when a fresh draw is asked for', () => {
      const first = only(spec.given(platform).when(evaluate(anAbsoluteProfile())).events());
      const changed = withSettings({ randomisedDelay: { mode: 'platform', maxDelaySeconds: 900 } });
      expect(
        spec
          .given([...platform, first, changed])
          .when(evaluate(anAbsoluteProfile()))
          .events()
          .map((e) => e.type),
      ).toEqual(['RandomisedDelayApplied']);
      expect(
        spec
          .given([...platform, first])
          .when(evaluate(anAbsoluteProfile(), { fresh: true }))
          .events()
          .map((e) => e.type),
      ).toEqual(['RandomisedDelayApplied']);
    });
  });

  describe('for a charger without a GB policy', () => {
    it('decides nothing', () => {
      spec.given([]).when(evaluate(anAbsoluteProfile())).then([]);
      spec
        .given([])
        .when(changePolicy({ randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 } }))
        .thenThrows(/no GB compliance policy/);
    });
  });
});
