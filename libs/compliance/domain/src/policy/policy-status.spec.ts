import { deviceDelayChecked, event, HOUR, platformMode, policyCreated, T0 } from '../test-builders.js';
import { evolvePolicy } from './evolve-policy.js';
import { complianceVerdict } from './policy-status.js';
import { initialPolicyState } from './policy-state.js';
import type { ComplianceEvent } from '@chargeplane/contracts-events';

const GRACE = 600;
const stateOf = (events: ComplianceEvent[]) => events.reduce(evolvePolicy, initialPolicyState());
const issued = (at: number, horizonEnd: number) =>
  event('OffPeakDefaultIssued', at, {
    connectorId: 1,
    chargingProfile: {
      chargingProfileId: 2_000_000_001,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }] },
    },
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
  it('is compliant with its own delay on and the default off-peak hours in place', () => {
    expect(
      complianceVerdict(
        stateOf([policyCreated(), deviceDelayChecked('600', true), issued(T0, T0 + 7 * 24 * HOUR)]),
        T0,
        GRACE,
        [],
      ),
    ).toEqual({ status: 'compliant', reasons: [] });
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
