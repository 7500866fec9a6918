import { deciderSpec } from '@chargeplane/platform-testing';
import { capabilitiesFor, writeBudgetOf } from '@chargeplane/smart-charging-domain';
import { decide } from './decide.js';
import { commandAt, stateOf, writeInFlight } from './decide.spec-support.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  answered,
  aTxDefaultProfile,
  booted,
  configured,
  deferred,
  dispatched,
  GUARDED_WINDOW,
  MINUTE,
  notReady,
  outcome,
  READY_ZAPPI_VALUES,
  recordBoot,
  recordConfiguration,
  reconcile,
  refused,
  SECOND,
  setDesired,
  T0,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);
const p0 = aTxDefaultProfile();
const p1 = withLimit(p0, 20);
const sent = T0 + MINUTE;
const at = commandAt;
/** p0 confirmed at T0, p1 sent at T0 + 1 min: the oldest write in the guarded window leaves it at T0 + 60 min 30 s. */
const inFlight = writeInFlight(p0, p1, sent);
const windowFrees = T0 + GUARDED_WINDOW;

describe('Charger answers about the device itself', () => {
  // Rule 3b, L9: zappi answers a write over its own limit with a plain Rejected.
  describe('when a zappi answers Rejected', () => {
    it('sends nothing more to it, whatever the CPO changes, until the window the platform computes frees', () => {
      const refusedAt = sent + SECOND;
      const changes = [21, 22, 23, 24, 25].map((limit, i) =>
        setDesired(withLimit(p0, limit), at(refusedAt + (i + 1) * 5 * SECOND, 10 + i)),
      );
      const events = spec
        .given(inFlight)
        .when(answered(writeId(1), 'Rejected', at(refusedAt, 2)), ...changes)
        .events();
      expect(events.filter((e) => e.type === 'ChargingProfileWriteDispatched')).toEqual([]);
      expect(events.filter((e) => e.type === 'ChargingProfileWriteDeferred')).toEqual([
        deferred([1], windowFrees, refusedAt + 5 * SECOND),
      ]);
      const state = stateOf([...inFlight, ...events]);
      expect(writeBudgetOf(state, refusedAt + 30 * SECOND, capabilitiesFor('zappi', {}))).toMatchObject({
        used: 2,
        remaining: 0,
        nextAvailableAt: windowFrees,
      });
      // When the window frees, the latest desired content goes out (one write, not six).
      spec
        .given([...inFlight, ...events])
        .when(reconcile(at(windowFrees, 30)))
        .then([dispatched(writeId(30), withLimit(p0, 25), windowFrees)]);
    });
  });

  // Rule 3b, L12: NotSupported / NotImplemented say the charger has no smart charging.
  describe('when the charger answers that it does not support smart charging', () => {
    const noSmartCharging = (answer: 'NotSupported' | 'call-error NotSupported' | 'call-error NotImplemented') =>
      answer === 'NotSupported'
        ? answered(writeId(1), 'NotSupported', at(sent + SECOND, 2))
        : outcome(
            writeId(1),
            { kind: 'call-error', code: answer.split(' ')[1]!, description: 'not implemented' },
            at(sent + SECOND, 2),
          );

    it.each(['NotSupported', 'call-error NotSupported', 'call-error NotImplemented'] as const)(
      'records the missing capability on %s and refuses every later profile with SMART_CHARGING_NOT_SUPPORTED',
      (answer) => {
        const events = spec.given(inFlight).when(noSmartCharging(answer)).events();
        const state = stateOf([...inFlight, ...events]);
        expect(state.smartChargingMissing).not.toBeNull();
        const later = withLimit(p0, 30);
        spec
          .given([...inFlight, ...events])
          .when(setDesired(later, at(sent + MINUTE, 3)), reconcile(at(sent + 2 * GUARDED_WINDOW, 4)))
          .then([refused(1, 'SMART_CHARGING_NOT_SUPPORTED', {}, sent + MINUTE)]);
      },
    );

    it('takes it back only after a reboot whose configuration lists SmartCharging', () => {
      const events = spec.given(inFlight).when(noSmartCharging('NotSupported')).events();
      const missing = [...inFlight, ...events];
      // A configuration read without a reboot (a reconnect) changes no firmware: still missing.
      expect(
        stateOf([...missing, configured({ ...READY_ZAPPI_VALUES }, sent + MINUTE)]).smartChargingMissing,
      ).not.toBeNull();
      // A reboot whose configuration does not list SmartCharging: still missing.
      expect(
        stateOf([
          ...missing,
          booted('5.6', sent + MINUTE),
          configured({ SupportedFeatureProfiles: 'Core' }, sent + MINUTE),
        ]).smartChargingMissing,
      ).not.toBeNull();
      // A reboot, then SmartCharging reported: profiles go out again.
      spec
        .given(missing)
        .when(
          recordBoot('5.6', at(sent + MINUTE, 3)),
          recordConfiguration({ ...READY_ZAPPI_VALUES }, at(sent + 2 * MINUTE, 4)),
        )
        .then([
          booted('5.6', sent + MINUTE),
          configured({ ...READY_ZAPPI_VALUES }, sent + 2 * MINUTE),
          dispatched(writeId(4), p1, sent + 2 * MINUTE),
        ]);
    });

    it('keeps the profile pending (the device is refused, not the content) and says once why it waits', () => {
      const events = spec
        .given(inFlight)
        .when(noSmartCharging('NotSupported'), reconcile(at(sent + 2 * GUARDED_WINDOW, 3)))
        .events();
      expect(events.slice(1)).toEqual([notReady([1], 'SMART_CHARGING_NOT_SUPPORTED', sent + SECOND)]);
      expect(stateOf([...inFlight, ...events]).profiles[1]).toMatchObject({ outcome: 'none', rejections: 0 });
    });
  });
});
