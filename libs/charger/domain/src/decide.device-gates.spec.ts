import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  acceptedWrites,
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
  notReady,
  readyZappiConfiguration,
  reconcile,
  recordBoot,
  recordConfiguration,
  recordReadyConfiguration,
  recordTransactionStarted,
  removalDesired,
  removeDesired,
  T0,
  TRANSACTION,
  transactionStarted,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p0 = aTxDefaultProfile();
const p1 = withLimit(p0, 20);
const at = (minutes: number, id = 9) => ({ now: T0 + minutes * MINUTE, writeId: writeId(id) });
const t = (minutes: number) => T0 + minutes * MINUTE;
/** p0 confirmed; the charger went offline, p1 became desired, and the charger is back (connection at T0 + 1 min). */
const back: ChargerEvent[] = [
  ...aReadyZappi(),
  ...confirmedEarlier(p0, writeId(0)),
  disconnected(),
  desired(p1),
  deferred([1], null),
  connected(undefined, t(1)),
];
const commercialOff = { CommercialMode: 'False' };

describe('Charger profiles', () => {
  describe('when the configuration read after a connection shows commercial mode off (Z5, Z17)', () => {
    it('sends nothing and says once why the write waits', () => {
      const state = spec
        .given(back)
        .when(recordConfiguration(commercialOff, at(2)))
        .then([configured(commercialOff, t(2)), notReady([1], 'COMMERCIAL_MODE_OFF', t(2))]);
      expect(state).toMatchObject({ blockedBy: 'COMMERCIAL_MODE_OFF', inFlight: null, deferredUntil: null });
      expect(state.writeTimes).toEqual([T0]);
    });

    it('does not say it again on later commands or wake-ups', () => {
      spec
        .given([...back, configured(commercialOff, t(2)), notReady([1], 'COMMERCIAL_MODE_OFF', t(2))])
        .when(reconcile(at(3)), recordTransactionStarted(TRANSACTION, at(4)), reconcile(at(90)))
        .then([transactionStarted(TRANSACTION, 1, t(4))]);
    });

    it('holds a clear back too, saying so once', () => {
      spec
        .given([...aReadyZappi(), ...confirmedEarlier(p0, writeId(0)), configured(commercialOff, t(1))])
        .when(removeDesired(1, at(2)), reconcile(at(3)))
        .then([removalDesired(1, t(2)), notReady([1], 'COMMERCIAL_MODE_OFF', t(2))]);
    });

    it('says nothing when no write is pending', () => {
      spec
        .given([...aReadyZappi(), ...confirmedEarlier(p0, writeId(0)), disconnected(), connected(undefined, t(1))])
        .when(recordConfiguration(commercialOff, at(2)))
        .then([configured(commercialOff, t(2))]);
    });

    it('reports the closed gate rather than the write budget', () => {
      spec
        .given([
          ...aReadyZappi(),
          ...acceptedWrites(24, T0),
          disconnected(undefined, t(24)),
          desired(p1, t(25)),
          deferred([1], null, t(25)),
          connected(undefined, t(26)),
        ])
        .when(recordConfiguration(commercialOff, at(27)))
        .then([configured(commercialOff, t(27)), notReady([1], 'COMMERCIAL_MODE_OFF', t(27))]);
    });
  });

  describe('when a later configuration report arrives', () => {
    const blocked = [...back, configured(commercialOff, t(2)), notReady([1], 'COMMERCIAL_MODE_OFF', t(2))];

    it('sends the pending write once commercial mode is reported on', () => {
      const state = spec
        .given(blocked)
        .when(recordReadyConfiguration(at(5, 5)))
        .then([readyZappiConfiguration(t(5)), dispatched(writeId(5), p1, t(5))]);
      expect(state.blockedBy).toBeNull();
    });

    it('says again why the write waits when commercial mode is still off', () => {
      spec
        .given(blocked)
        .when(recordConfiguration(commercialOff, at(5)))
        .then([configured(commercialOff, t(5)), notReady([1], 'COMMERCIAL_MODE_OFF', t(5))]);
    });
  });

  describe('when the charger boots on firmware too old for profiles (Z4)', () => {
    it('holds the write back once the configuration is read, naming the firmware', () => {
      spec
        .given(back)
        .when(recordBoot('5.4.9', at(2)), recordReadyConfiguration(at(3)), reconcile(at(4)))
        .then([booted('5.4.9', t(2)), readyZappiConfiguration(t(3)), notReady([1], 'FIRMWARE_TOO_OLD', t(3))]);
    });

    it('sends it after a boot on 5.5 and a new configuration read', () => {
      spec
        .given([...back, booted('5.4.9', t(2)), readyZappiConfiguration(t(3)), notReady([1], 'FIRMWARE_TOO_OLD', t(3))])
        .when(recordBoot('5.5', at(10)), recordReadyConfiguration(at(11, 11)))
        .then([booted('5.5', t(10)), readyZappiConfiguration(t(11)), dispatched(writeId(11), p1, t(11))]);
    });
  });

  describe('when the charger reports feature profiles without SmartCharging (F4)', () => {
    it('holds the write back and says so once', () => {
      const noSmartCharging = { SupportedFeatureProfiles: 'Core,FirmwareManagement' };
      spec
        .given(back)
        .when(recordConfiguration(noSmartCharging, at(2)), reconcile(at(3)))
        .then([configured(noSmartCharging, t(2)), notReady([1], 'SMART_CHARGING_NOT_SUPPORTED', t(2))]);
    });
  });

  describe('when a second gate closes while writes are held back', () => {
    it('says which gate holds them now', () => {
      spec
        .given([...back, configured(commercialOff, t(2)), notReady([1], 'COMMERCIAL_MODE_OFF', t(2))])
        .when(recordBoot('5.4.9', at(3)), recordReadyConfiguration(at(4)))
        .then([booted('5.4.9', t(3)), readyZappiConfiguration(t(4)), notReady([1], 'FIRMWARE_TOO_OLD', t(4))]);
    });
  });
});
