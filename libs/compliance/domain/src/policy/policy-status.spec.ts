import { deviceDelayChecked, event, HOUR, platformMode, policyCreated, T0 } from '../test-builders.js';
import { evolvePolicy } from './evolve-policy.js';
import { complianceVerdict } from './policy-status.js';
import { initialPolicyState } from './policy-state.js';
import type { ComplianceEvent } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { ChargerProfileView } from '../plan/plan-types.js';

const GRACE = 600;
const stateOf = (events: ComplianceEvent[]) => events.reduce(evolvePolicy, initialPolicyState());
const defaultProfile = (at: number, horizonEnd: number): ChargingProfile => ({
  chargingProfileId: 2_000_000_001,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule: new Date(at - 60_000).toISOString(),
    duration: (horizonEnd - at + 60_000) / 1000,
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }],
  },
});
/** The charger's view of the default: desired, and confirmed (accepted) or not. */
const onCharger = (profile: ChargingProfile, accepted: boolean): ChargerProfileView[] => [
  {
    chargingProfileId: profile.chargingProfileId,
    connectorId: 1,
    desired: profile,
    confirmed: accepted ? profile : null,
    inSync: accepted,
  },
];
const issued = (at: number, horizonEnd: number) =>
  event('OffPeakDefaultIssued', at, {
    connectorId: 1,
    chargingProfile: defaultProfile(at, horizonEnd),
    blockedWindows: [
      { from: '08:00', to: '11:00' },
      { from: '16:00', to: '22:00' },
    ],
    overrideUntil: null,
    horizonEnd: new Date(horizonEnd).toISOString(),
    nextWriteAt: new Date(horizonEnd - 12 * HOUR).toISOString(),
    nextWriteReason: 'horizon-end',
    status: 'dispatched',
  });

describe('Compliance status of a GB charger', () => {
  it('is compliant with its own delay on and the default off-peak hours accepted by the charger', () => {
    expect(
      complianceVerdict(
        stateOf([policyCreated(), deviceDelayChecked('600', true), issued(T0, T0 + 7 * 24 * HOUR)]),
        T0,
        GRACE,
        onCharger(defaultProfile(T0, T0 + 7 * 24 * HOUR), true),
      ),
    ).toEqual({ status: 'compliant', reasons: [] });
  });

  describe('reg 10: a default counts only once the charger accepted it (rule G4)', () => {
    const state = stateOf([
      policyCreated(T0 - 24 * HOUR),
      deviceDelayChecked('600', true),
      issued(T0, T0 + 7 * 24 * HOUR),
    ]);
    const notAccepted = onCharger(defaultProfile(T0, T0 + 7 * 24 * HOUR), false);

    it('says pending while the issued default waits for its answer, within the grace', () => {
      expect(complianceVerdict(state, T0 + 1000, GRACE, notAccepted).reasons).toEqual(['off-peak-default-pending']);
    });

    it('says unconfirmed once the grace passed without the charger accepting it (offline, refused, never answered)', () => {
      expect(complianceVerdict(state, T0 + (GRACE + 1) * 1000, GRACE, notAccepted).reasons).toEqual([
        'off-peak-default-unconfirmed',
      ]);
      expect(complianceVerdict(state, T0 + (GRACE + 1) * 1000, GRACE, []).reasons).toEqual([
        'off-peak-default-unconfirmed',
      ]);
    });

    it('counts an accepted default that starts a few minutes later, after its own delay at installation (G1)', () => {
      const later = defaultProfile(T0 + 5 * 60_000, T0 + 7 * 24 * HOUR);
      expect(complianceVerdict(state, T0 + (GRACE + 1) * 1000, GRACE, onCharger(later, true)).status).toBe('compliant');
    });

    it('keeps counting the previous accepted default while its successor is on its way', () => {
      const previous = defaultProfile(T0 - 24 * HOUR, T0 + 6 * 24 * HOUR);
      const views = onCharger(previous, true).map((v) => ({
        ...v,
        desired: defaultProfile(T0, T0 + 7 * 24 * HOUR),
        inSync: false,
      }));
      expect(complianceVerdict(state, T0 + (GRACE + 1) * 1000, GRACE, views).status).toBe('compliant');
    });
  });

  it('is non-compliant with every reason: delay off, default missing', () => {
    expect(
      complianceVerdict(stateOf([policyCreated(T0 - 2 * HOUR), deviceDelayChecked('0', false)]), T0, GRACE, []),
    ).toEqual({ status: 'non-compliant', reasons: ['device-delay-disabled', 'off-peak-default-missing'] });
  });

  it('says the delay is unverified before the first report, and the default pending during the onboarding grace', () => {
    expect(complianceVerdict(stateOf([policyCreated(T0)]), T0 + 1000, GRACE, []).reasons).toEqual([
      'device-delay-unverified',
      'off-peak-default-pending',
    ]);
  });

  it('says the default expired when its horizon passed without a successor', () => {
    expect(
      complianceVerdict(
        stateOf([policyCreated(), deviceDelayChecked('600', true), issued(T0 - 8 * 24 * HOUR, T0 - HOUR)]),
        T0,
        GRACE,
        [],
      ).reasons,
    ).toEqual(['off-peak-default-expired']);
  });

  it("needs no default under a DSR agreement or with the CPO's own TxDefaultProfile, and no device delay while the platform delays", () => {
    const cpo = event('CpoTxDefaultProfileObserved', T0, { chargingProfileId: 100 });
    expect(
      complianceVerdict(
        stateOf([policyCreated(), ...platformMode(), deviceDelayChecked('0', true, T0, 'platform'), cpo]),
        T0,
        GRACE,
        [],
      ),
    ).toEqual({ status: 'compliant', reasons: [] });
  });
});
