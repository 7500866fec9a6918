import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { ComplianceEvent } from '@chargeplane/contracts-events';
import { deciderSpec } from '@chargeplane/platform-testing';
import { seededRandomSource } from '../delay/random-source.js';
import { planActions } from '../plan/plan-actions.js';
import type { ChargerProfileView, PlanOptions } from '../plan/plan-types.js';
import { anAbsoluteProfile, DAY, event, iso, MINUTE, platformMode, policyCreated, T0 } from '../test-builders.js';
import { decidePolicy } from './decide-policy.js';
import { removalReply } from './decide-removal.js';
import { evolvePolicy } from './evolve-policy.js';
import type { PolicyCommand } from './policy-commands.js';
import { initialPolicyState } from './policy-state.js';

const spec = deciderSpec({ decide: decidePolicy, evolve: evolvePolicy, initialState: initialPolicyState }, expect);
const options: PlanOptions = {
  offPeakGraceSeconds: 600,
  offPeakAllowLimitA: 32,
  offPeakHorizonDays: 7,
  offPeakLeadSeconds: 12 * 3600,
  retrySeconds: 900,
  refusedRetrySeconds: 86_400,
};
const cpoDefault = event('CpoTxDefaultProfileObserved', T0 - DAY, { chargingProfileId: 100 });
const platform = [policyCreated(), cpoDefault, ...platformMode()];
/** The CPO's TxDefaultProfile, confirmed: 16 A since yesterday, open-ended. */
const limiting: ChargingProfile = anAbsoluteProfile({
  chargingProfileId: 100,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingSchedule: {
    startSchedule: iso(T0 - DAY),
    duration: undefined,
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
  },
});
/** The charger's view of profile `p`; it holds what is desired when it confirmed `p` itself (the default). */
const view = (p: ChargingProfile, confirmed: ChargingProfile | null = p): ChargerProfileView => ({
  chargingProfileId: p.chargingProfileId,
  connectorId: 1,
  desired: p,
  confirmed,
  inSync: confirmed === p,
});
const removal = (profiles: ChargerProfileView[], at = T0, seed = 3): PolicyCommand => ({
  type: 'EvaluateRemoval',
  now: at,
  chargingProfileId: 100,
  trigger: 'profile-evaluated',
  random: seededRandomSource(seed),
  profiles,
});
const applied = (events: readonly ComplianceEvent[]) => {
  const e = events.find((x) => x.type === 'RandomisedDelayApplied');
  if (e?.type !== 'RandomisedDelayApplied') throw new Error('expected RandomisedDelayApplied');
  return e;
};

describe('GB platform mode: a removal that lifts a limit is a relevant time (rule G1)', () => {
  describe('given a charger held at 16 A by the CPO TxDefaultProfile it confirmed', () => {
    const events = spec
      .given(platform)
      .when(removal([view(limiting)]))
      .events();
    const decision = applied(events);
    const d = decision.data.delays[0]!.delaySeconds;

    it('draws a delay for the increase the DELETE causes, and records it with the limits before and after', () => {
      expect(decision.data).toMatchObject({
        chargingProfileId: 100,
        removal: true,
        maxDelaySeconds: 600,
        nominalProfile: limiting,
        delays: [
          {
            change: 'increase',
            nominalStartPeriod: 0,
            startPeriod: d,
            nominalAt: iso(T0),
            boundSeconds: 600,
            installation: { method: 'removal', limitBefore: 16, limitAfter: null },
          },
        ],
      });
      expect(d).toBeGreaterThan(0);
    });

    it('answers, instead of the removal, a profile holding 16 A for the drawn seconds (one slot)', () => {
      const reply = removalReply(spec.given(platform).state, events, 100, T0);
      expect(reply.replacement).toEqual({
        connectorId: 1,
        chargingProfile: {
          chargingProfileId: 100,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: {
            startSchedule: iso(T0).replace('.000Z', 'Z'),
            duration: d,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
          },
        },
      });
    });

    it('asks for the removal itself once the holding profile ran out, not before', () => {
      const state = events.reduce(evolvePolicy, spec.given(platform).state);
      const tail = decision.data.deliveredProfile;
      expect(planActions(state, [view(tail)], T0 + (d - 1) * 1000, options)).toEqual({
        actions: [],
        nextActionAtMs: T0 + d * 1000,
      });
      expect(planActions(state, [view(tail)], T0 + d * 1000, options).actions).toEqual([
        { kind: 'remove-held-profile', chargingProfileId: 100 },
      ]);
      // The CPO desired a new profile under that id meanwhile: it is theirs, left alone.
      expect(planActions(state, [view(limiting, tail)], T0 + d * 1000, options).actions).toEqual([]);
    });

    it('keeps the running hold for a repeated DELETE: no new draw, the same holding profile answered', () => {
      const state = events.reduce(evolvePolicy, spec.given(platform).state);
      const tail = decision.data.deliveredProfile;
      const again = decidePolicy(removal([view(tail)], T0 + 1000), state);
      expect(again).toEqual([]);
      expect(removalReply(state, again, 100, T0 + 1000).replacement).toEqual({ connectorId: 1, chargingProfile: tail });
    });

    it('draws independently at every removal', () => {
      const draws = [1, 2, 3, 4, 5, 6].map(
        (seed) =>
          applied(
            spec
              .given(platform)
              .when(removal([view(limiting)], T0, seed))
              .events(),
          ).data.delays[0]!.delaySeconds,
      );
      expect(new Set(draws).size).toBeGreaterThan(3);
    });
  });

  it('removes at once, recording nothing, when the charger never confirmed the profile or it limits nothing now', () => {
    spec
      .given(platform)
      .when(removal([view(limiting, null)]))
      .then([]);
    const later = anAbsoluteProfile({ chargingProfileId: 100, chargingSchedule: { startSchedule: iso(T0 + DAY) } });
    spec
      .given(platform)
      .when(removal([view(later)]))
      .then([]);
  });

  it('lets a TxDefaultProfile desired in its place on zappi take over (its own installation is evaluated)', () => {
    const successor = { ...limiting, chargingProfileId: 101 };
    spec
      .given(platform)
      .when(removal([view(limiting), view(successor, null)]))
      .then([]);
  });

  it('records the exemption under DSR response, and removes at once', () => {
    const settings = {
      jurisdiction: 'GB' as const,
      randomisedDelay: { mode: 'platform' as const, maxDelaySeconds: 600 },
      ownerOverride: null,
      dsrAgreement: true,
      dsrResponseActive: true,
      offPeakDefault: { enabled: true, ownerChoice: null },
    };
    const given = [
      ...platform,
      event('CompliancePolicyChanged', T0 - MINUTE, { settings, changes: ['dsrResponseActive'], changedBy: 'owner-1' }),
    ];
    const events = spec
      .given(given)
      .when(removal([view(limiting)]))
      .events();
    expect(events.map((e) => [e.type, e.type === 'RandomisedDelayExempted' && e.data.reason])).toEqual([
      ['RandomisedDelayExempted', 'dsr-response'],
    ]);
    expect(removalReply(spec.given(given).state, events, 100, T0)).toEqual({
      replacement: null,
      delays: [],
      exemption: 'dsr-response',
    });
  });

  it('does nothing in device mode: the charger delays', () => {
    spec
      .given([policyCreated(), cpoDefault])
      .when(removal([view(limiting)]))
      .then([]);
  });
});
