import type { ComplianceEvent } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { decidePolicy } from '../policy/decide-policy.js';
import { evolvePolicy } from '../policy/evolve-policy.js';
import { initialPolicyState, type PolicyState } from '../policy/policy-state.js';
import {
  aDailyProfile,
  anAbsoluteProfile,
  changePolicy,
  DAY,
  deviceDelayChecked,
  evaluate,
  event,
  HOUR,
  MINUTE,
  platformMode,
  policyCreated,
  T0,
} from '../test-builders.js';
import { planActions } from './plan-actions.js';
import type { ChargerProfileView, PlanOptions } from './plan-types.js';

const options: PlanOptions = {
  offPeakGraceSeconds: 600,
  offPeakAllowLimitA: 32,
  offPeakHorizonDays: 7,
  offPeakLeadSeconds: 12 * 3600,
  retrySeconds: 900,
  refusedRetrySeconds: 86_400,
};
const stateOf = (events: readonly ComplianceEvent[]): PolicyState => events.reduce(evolvePolicy, initialPolicyState());
const decideAndFold = (state: PolicyState, ...commands: Parameters<typeof decidePolicy>[0][]) =>
  commands.reduce((s, c) => decidePolicy(c, s).reduce(evolvePolicy, s), state);
/** The charger's view of a profile id; it holds what is desired when given the very same profile (the default). */
const view = (desired: ChargingProfile | null, confirmed: ChargingProfile | null = desired): ChargerProfileView => ({
  chargingProfileId: (desired ?? confirmed)!.chargingProfileId,
  connectorId: 1,
  desired,
  confirmed,
  inSync: confirmed === desired,
});
/** A CPO TxDefaultProfile is desired, so the off-peak default stays out of these plans. */
const cpoDefault = event('CpoTxDefaultProfileObserved', T0 - DAY, { chargingProfileId: 100 });
const kinds = (state: PolicyState, profiles: ChargerProfileView[] = [], now = T0) =>
  planActions(state, profiles, now, options).actions.map((a) => a.kind);

describe('What compliance-gb asks profile-command for', () => {
  describe("the charger's own delay in device mode", () => {
    it('asks to restore the last non-zero value when a report reads 0', () => {
      const state = stateOf([
        policyCreated(),
        cpoDefault,
        deviceDelayChecked('900', true, T0 - DAY),
        deviceDelayChecked('0', false, T0 - HOUR),
      ]);
      expect(planActions(state, [], T0, options).actions).toEqual([
        { kind: 'set-device-delay', value: '900', valueSource: 'previous-reading', reason: 'device-delay-disabled' },
      ]);
    });

    it('asks for the policy maximum when the key is missing and no value was ever read', () => {
      const state = stateOf([policyCreated(), cpoDefault, deviceDelayChecked(null, false, T0 - HOUR)]);
      expect(planActions(state, [], T0, options).actions).toEqual([
        { kind: 'set-device-delay', value: '600', valueSource: 'policy-maximum', reason: 'device-delay-missing' },
      ]);
    });

    it('asks once, then again only after the retry interval', () => {
      const asked = event('DeviceDelayChangeRequested', T0, {
        key: 'RandomSmartChargeDelay',
        value: '600',
        valueSource: 'policy-maximum',
        reason: 'device-delay-disabled',
        status: 'deferred',
      });
      const state = stateOf([policyCreated(), cpoDefault, deviceDelayChecked('0', false, T0 - HOUR), asked]);
      expect(planActions(state, [], T0 + MINUTE, options)).toEqual({ actions: [], nextActionAtMs: T0 + 900_000 });
      expect(kinds(state, [], T0 + 900_000)).toEqual(['set-device-delay']);
    });

    it('writes nothing before the charger reported its configuration', () => {
      expect(kinds(stateOf([policyCreated(), cpoDefault]))).toEqual([]);
    });
  });

  describe('a switch to platform mode', () => {
    const cpoProfile = aDailyProfile();
    const platform = stateOf([
      policyCreated(),
      cpoDefault,
      deviceDelayChecked('600', true, T0 - DAY),
      ...platformMode(),
    ]);

    it('first re-issues the profiles desired before it with platform delays, and leaves the key alone', () => {
      const plan = planActions(platform, [view(cpoProfile)], T0, options);
      expect(plan.actions).toEqual([
        {
          kind: 'redelay-profile',
          connectorId: 1,
          nominal: cpoProfile,
          current: cpoProfile,
          trigger: 'platform-activation',
        },
      ]);
    });

    it('sets the key to 0 only once the charger confirmed the delayed profile', () => {
      const delayed = decideAndFold(platform, evaluate(cpoProfile, { fresh: true }));
      const delivered = delayed.applied[100]!.delivered;
      expect(kinds(delayed, [view(delivered, cpoProfile)])).toEqual([]);
      expect(planActions(delayed, [view(delivered)], T0, options).actions).toEqual([
        { kind: 'set-device-delay', value: '0', valueSource: 'platform-delay', reason: 'platform-delay-active' },
      ]);
    });

    it('draws a recurring profile again when its daily refresh is due', () => {
      const delayed = decideAndFold(platform, evaluate(cpoProfile, { fresh: true }));
      const { delivered, refreshAtMs } = delayed.applied[100]!;
      expect(planActions(delayed, [view(delivered)], T0, options).nextActionAtMs).toBe(refreshAtMs);
      expect(planActions(delayed, [view(delivered)], refreshAtMs!, options).actions).toMatchObject([
        { kind: 'redelay-profile', trigger: 'daily-refresh', nominal: cpoProfile, current: delivered },
      ]);
    });

    it('draws every delayed profile again when the maximum is changed remotely', () => {
      const delayed = decideAndFold(platform, evaluate(cpoProfile, { fresh: true }));
      const delivered = delayed.applied[100]!.delivered;
      const raised = decideAndFold(
        delayed,
        changePolicy({ randomisedDelay: { mode: 'platform', maxDelaySeconds: 1800 } }, T0 + HOUR),
      );
      expect(planActions(raised, [view(delivered)], T0 + HOUR, options).actions).toMatchObject([
        { kind: 'redelay-profile', trigger: 'policy-changed', nominal: cpoProfile },
      ]);
    });

    it('re-issues a profile left undelayed by an exemption that has ended', () => {
      const exempt = decideAndFold(
        platform,
        changePolicy({
          randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 },
          dsrAgreement: true,
          dsrResponseActive: true,
        }),
        evaluate(anAbsoluteProfile()),
      );
      expect(kinds(exempt, [view(anAbsoluteProfile())])).toEqual(['set-device-delay']);
      const ended = decideAndFold(
        exempt,
        changePolicy({ randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 }, dsrAgreement: true }, T0 + 1),
      );
      expect(planActions(ended, [view(anAbsoluteProfile())], T0 + 2, options).actions).toMatchObject([
        { kind: 'redelay-profile', trigger: 'policy-changed' },
      ]);
    });

    it("asks to restore the charger's own delay on the way back to device mode", () => {
      const zero = event('DeviceDelayChangeConfirmed', T0, {
        key: 'RandomSmartChargeDelay',
        value: '0',
        status: 'Accepted',
      });
      const back = decideAndFold(
        stateOf([...[policyCreated(), cpoDefault, deviceDelayChecked('600', true, T0 - DAY), ...platformMode()], zero]),
        changePolicy({}, T0 + 1),
      );
      expect(planActions(back, [], T0 + 2, options).actions).toEqual([
        { kind: 'set-device-delay', value: '600', valueSource: 'previous-reading', reason: 'device-mode-restored' },
      ]);
    });
  });

  describe('the default off-peak hours', () => {
    const compliantDevice = deviceDelayChecked('600', true, T0 - DAY);

    it('waits for the onboarding grace, then issues the default for connector 1 of a zappi', () => {
      const state = stateOf([policyCreated(T0), compliantDevice]);
      expect(planActions(state, [], T0 + MINUTE, options)).toEqual({ actions: [], nextActionAtMs: T0 + 600_000 });
      const [issue] = planActions(state, [], T0 + 600_000, options).actions;
      expect(issue).toMatchObject({
        kind: 'issue-off-peak-default',
        connectorId: 1,
        overrideUntilMs: null,
        built: { nextWriteReason: 'horizon-end' },
      });
    });

    it('keeps it until its next write is due, and re-issues it when the owner changed the hours', () => {
      const base = stateOf([policyCreated(T0 - DAY), compliantDevice]);
      const [issue] = planActions(base, [], T0, options).actions;
      if (issue?.kind !== 'issue-off-peak-default') throw new Error('expected an issue');
      const issuedState = decideAndFold(base, {
        type: 'RecordOffPeakDefaultIssued',
        now: T0,
        connectorId: 1,
        profile: issue.built.profile,
        blockedWindows: issue.blockedWindows,
        overrideUntilMs: null,
        horizonEndMs: issue.built.horizonEndMs,
        nextWriteAtMs: issue.built.nextWriteAtMs,
        nextWriteReason: issue.built.nextWriteReason,
        status: 'dispatched',
      });
      expect(planActions(issuedState, [], T0 + HOUR, options)).toEqual({
        actions: [],
        nextActionAtMs: issue.built.nextWriteAtMs,
      });
      expect(kinds(issuedState, [], issue.built.nextWriteAtMs)).toEqual(['issue-off-peak-default']);
      const changed = decideAndFold(
        issuedState,
        changePolicy(
          {
            offPeakDefault: {
              enabled: true,
              ownerChoice: { choice: 'change', blockedWindows: [{ from: '17:00', to: '20:00' }] },
            },
          },
          T0 + HOUR,
        ),
      );
      expect(kinds(changed, [], T0 + HOUR)).toEqual(['issue-off-peak-default']);
      expect(
        kinds(
          decideAndFold(issuedState, { type: 'ObserveCpoTxDefaultProfile', now: T0 + HOUR, chargingProfileId: 100 }),
          [],
          T0 + HOUR,
        ),
      ).toEqual(['withdraw-off-peak-default']);
      const dsr = decideAndFold(issuedState, changePolicy({ dsrAgreement: true }, T0 + HOUR));
      expect(planActions(dsr, [], T0 + HOUR, options).actions).toEqual([
        { kind: 'withdraw-off-peak-default', reason: 'dsr-agreement' },
      ]);
    });
  });
});
