import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  aGenericRegistered,
  aReadyZappi,
  aTxDefaultProfile,
  booted,
  configured,
  confirmedEarlier,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  MINUTE,
  READY_ZAPPI_VALUES,
  readyZappiConfiguration,
  reconcile,
  recordBoot,
  recordConfiguration,
  recordConnected,
  recordReadyConfiguration,
  setDesired,
  T0,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p0 = aTxDefaultProfile();
const p1 = withLimit(p0, 20);
const at = (minutes: number, id = 9) => ({ now: T0 + minutes * MINUTE, writeId: writeId(id) });
/** p0 confirmed, then the charger went offline and p1 became desired: it waits for the charger. */
const waiting: ChargerEvent[] = [
  ...aReadyZappi(),
  ...confirmedEarlier(p0, writeId(0)),
  disconnected(),
  desired(p1),
  deferred([1], null),
];

describe('Charger profiles', () => {
  describe('when the charger connects again (Z17: commercial mode can be lost)', () => {
    it('sends nothing on the connection alone, however often it is woken', () => {
      const state = spec
        .given(waiting)
        .when(recordConnected(at(1)), reconcile(at(2)), reconcile(at(30)))
        .then([connected(undefined, T0 + MINUTE)]);
      expect(state).toMatchObject({ connected: true, configurationCurrent: false, inFlight: null });
    });

    it('sends the pending write once the configuration read after the connection is reported', () => {
      const state = spec
        .given([...waiting, connected(undefined, T0 + MINUTE)])
        .when(recordReadyConfiguration(at(2, 2)))
        .then([readyZappiConfiguration(T0 + 2 * MINUTE), dispatched(writeId(2), p1, T0 + 2 * MINUTE)]);
      expect(state.configurationCurrent).toBe(true);
    });

    it('does not count a configuration read before the connection', () => {
      spec
        .given([...waiting, readyZappiConfiguration(T0 + MINUTE)])
        .when(recordConnected(at(2)))
        .then([connected(undefined, T0 + 2 * MINUTE)]);
    });
  });

  describe('when the charger boots', () => {
    it('records a change desired after the boot but sends it only after the configuration is read again', () => {
      spec
        .given(aReadyZappi())
        .when(recordBoot('5.5', at(1)), setDesired(p1, at(2)), reconcile(at(3)), recordReadyConfiguration(at(4, 4)))
        .then([
          booted('5.5', T0 + MINUTE),
          desired(p1, T0 + 2 * MINUTE),
          readyZappiConfiguration(T0 + 4 * MINUTE),
          dispatched(writeId(4), p1, T0 + 4 * MINUTE),
        ]);
    });

    it('holds back a write the boot interrupted until the configuration is read again', () => {
      spec
        .given([...waiting, connected(undefined, T0 + MINUTE), booted('5.5', T0 + MINUTE)])
        .when(reconcile(at(2)), recordReadyConfiguration(at(3, 3)))
        .then([readyZappiConfiguration(T0 + 3 * MINUTE), dispatched(writeId(3), p1, T0 + 3 * MINUTE)]);
    });
  });

  describe('when the configuration read returns no values (the charger could not tell)', () => {
    it('takes the configuration as read, keeping the values reported before, and sends', () => {
      const state = spec
        .given([...waiting, connected(undefined, T0 + MINUTE)])
        .when(recordConfiguration({}, at(2, 2)))
        .then([configured({}, T0 + 2 * MINUTE), dispatched(writeId(2), p1, T0 + 2 * MINUTE)]);
      expect(state.configuration).toEqual(READY_ZAPPI_VALUES);
    });
  });

  describe('when a generic OCPP 1.6 charger connects', () => {
    it('also waits for its configuration read before the first write', () => {
      spec
        .given([aGenericRegistered(), connected()])
        .when(setDesired(p1, at(1)), recordConfiguration({ SupportedFeatureProfiles: 'Core,SmartCharging' }, at(2, 2)))
        .then([
          desired(p1, T0 + MINUTE),
          configured({ SupportedFeatureProfiles: 'Core,SmartCharging' }, T0 + 2 * MINUTE),
          dispatched(writeId(2), p1, T0 + 2 * MINUTE),
        ]);
    });
  });
});
