import { deciderSpec } from '@chargeplane/platform-testing';
import {
  changePolicy,
  configurationReport,
  deviceDelayChecked,
  event,
  HOUR,
  platformMode,
  policyCreated,
  T0,
} from '../test-builders.js';
import { decidePolicy } from './decide-policy.js';
import { evolvePolicy } from './evolve-policy.js';
import { initialPolicyState } from './policy-state.js';

const spec = deciderSpec({ decide: decidePolicy, evolve: evolvePolicy, initialState: initialPolicyState }, expect);
const boot = { type: 'RecordDeviceDelayReading' as const, now: T0, reading: null };

describe("The charger's own delay (RandomSmartChargeDelay) in device mode", () => {
  it('records the first reading, compliant when the key is non-zero', () => {
    spec
      .given([policyCreated()])
      .when(configurationReport('600'))
      .then([deviceDelayChecked('600', true)]);
  });

  it('records nothing when a later report shows the same compliant value', () => {
    spec
      .given([policyCreated(), deviceDelayChecked('600', true, T0 - HOUR)])
      .when(configurationReport('600'))
      .then([]);
  });

  it('flags the charger non-compliant on every report that reads 0, or misses the key', () => {
    spec
      .given([policyCreated(), deviceDelayChecked('0', false, T0 - HOUR)])
      .when(configurationReport('0'))
      .then([deviceDelayChecked('0', false)]);
    spec
      .given([policyCreated()])
      .when(configurationReport(null))
      .then([deviceDelayChecked(null, false)]);
  });

  it('flags it again on boot with the last value read, and checks nothing at a boot before any report', () => {
    const events = spec
      .given([policyCreated(), deviceDelayChecked('0', false, T0 - HOUR)])
      .when(boot)
      .events();
    expect(events).toMatchObject([
      { type: 'DeviceDelayChecked', data: { trigger: 'boot', value: '0', compliant: false } },
    ]);
    spec.given([policyCreated()]).when(boot).then([]);
  });

  it("records a requested correction and the charger's answer; Accepted makes it the charger's value", () => {
    const state = spec
      .given([policyCreated(), deviceDelayChecked('0', false, T0 - HOUR)])
      .when(
        {
          type: 'RecordDeviceDelayChangeRequested',
          now: T0,
          value: '600',
          valueSource: 'policy-maximum',
          reason: 'device-delay-disabled',
          status: 'dispatched',
        },
        { type: 'RecordDeviceDelayChangeOutcome', now: T0 + 5000, value: '600', status: 'Accepted' },
      )
      .then([
        event('DeviceDelayChangeRequested', T0, {
          key: 'RandomSmartChargeDelay',
          value: '600',
          valueSource: 'policy-maximum',
          reason: 'device-delay-disabled',
          status: 'dispatched',
        }),
        event('DeviceDelayChangeConfirmed', T0 + 5000, {
          key: 'RandomSmartChargeDelay',
          value: '600',
          status: 'Accepted',
        }),
      ]);
    expect(state.deviceDelay).toMatchObject({ reported: '600', pending: null, refused: null });
  });

  it('remembers a refusal', () => {
    const state = spec
      .given([policyCreated()])
      .when({ type: 'RecordDeviceDelayChangeOutcome', now: T0, value: '600', status: 'NotSupported' })
      .state();
    expect(state.deviceDelay.refused).toEqual({ value: '600', status: 'NotSupported', atMs: T0 });
  });
});

describe("The charger's own delay around platform mode", () => {
  it('counts a 0 as compliant while the platform delays', () => {
    spec
      .given([policyCreated(), ...platformMode()])
      .when(configurationReport('0'))
      .then([deviceDelayChecked('0', true, T0, 'platform')]);
  });

  it('stops the platform delay only once the charger confirmed its own delay back on after a switch to device mode', () => {
    const zero = event('DeviceDelayChangeConfirmed', T0 - HOUR / 2, {
      key: 'RandomSmartChargeDelay',
      value: '0',
      status: 'Accepted',
    });
    const given = spec.given([policyCreated(), ...platformMode(T0 - HOUR), zero]);
    const switched = given.when(changePolicy());
    expect(switched.events().map((e) => e.type)).toEqual(['CompliancePolicyChanged']);
    const events = given
      .when(changePolicy(), {
        type: 'RecordDeviceDelayChangeOutcome',
        now: T0 + 1000,
        value: '600',
        status: 'Accepted',
      })
      .events();
    expect(events.map((e) => e.type)).toEqual([
      'CompliancePolicyChanged',
      'DeviceDelayChangeConfirmed',
      'PlatformDelayDeactivated',
    ]);
  });

  it('ignores facts about a charger without a GB policy', () => {
    spec.given([]).when(configurationReport('0')).then([]);
  });
});
