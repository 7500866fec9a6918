import { deciderSpec } from '@chargeplane/platform-testing';
import type { ChargerCommand } from './commands/commands.js';
import { decide } from './decide.js';
import type { ChargerEvent, EventOf } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  aReadyZappi,
  aTxDefaultProfile,
  booted,
  configured,
  confirmedEarlier,
  connected,
  desired,
  disconnected,
  dispatched,
  iso,
  MINUTE,
  notReady,
  READY_ZAPPI_VALUES,
  readyZappiConfiguration,
  recordBoot,
  recordConfiguration,
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
const t = (minutes: number) => T0 + minutes * MINUTE;

/** The configuration read got no usable answer. */
const recordReadFailure = (o: { now: number; writeId: string }): ChargerCommand => ({
  ...o,
  type: 'RecordConfiguration',
  values: {},
  unknownKeys: [],
  readFailure: { failure: 'timeout', description: 'no answer within 30 s' },
});
const readFailed = (at: number): EventOf<'ChargerConfigurationReported'> => ({
  type: 'ChargerConfigurationReported',
  schemaVersion: 1,
  occurredAt: iso(at),
  data: { values: {}, unknownKeys: [], readFailure: { failure: 'timeout', description: 'no answer within 30 s' } },
});

/** A ready zappi with p0 confirmed (its commercial mode on, firmware 5.5), that has just rebooted at T0 + 1 min. */
const rebooted = (firmwareVersion: string | null): ChargerEvent[] => [
  ...aReadyZappi(),
  ...confirmedEarlier(p0, writeId(0)),
  booted(firmwareVersion, t(1)),
];
const withoutCommercialMode = { SupportedFeatureProfiles: READY_ZAPPI_VALUES['SupportedFeatureProfiles']! };

describe('Charger profiles', () => {
  describe('when a zappi reboots without reporting its firmware (Z4: unknown is not 5.5)', () => {
    it('holds the next profile back, saying the firmware is unknown, instead of writing it at once', () => {
      const state = spec
        .given([...rebooted(null), readyZappiConfiguration(t(2))])
        .when(setDesired(p1, at(3)))
        .then([desired(p1, t(3)), notReady([1], 'FIRMWARE_UNKNOWN', t(3))]);
      expect(state).toMatchObject({ inFlight: null, blockedBy: 'FIRMWARE_UNKNOWN' });
    });

    it('accepts the profile as desired all the same (the gate may well be open)', () => {
      const [first] = spec
        .given([...rebooted(null), readyZappiConfiguration(t(2))])
        .when(setDesired(p1, at(3)))
        .events();
      expect(first?.type).toBe('ChargingProfileDesired');
    });

    it('writes it once a boot reports 5.5 and the configuration is read again', () => {
      spec
        .given([
          ...rebooted(null),
          readyZappiConfiguration(t(2)),
          desired(p1, t(3)),
          notReady([1], 'FIRMWARE_UNKNOWN', t(3)),
        ])
        .when(recordBoot('5.5', at(10)), recordReadyConfiguration(at(11, 11)))
        .then([booted('5.5', t(10)), readyZappiConfiguration(t(11)), dispatched(writeId(11), p1, t(11))]);
    });
  });

  describe('when a zappi reboots (Z17: commercial mode can be lost)', () => {
    it('forgets the commercial mode it reported before the boot', () => {
      const state = spec.given(rebooted('5.5')).state;
      expect(state.configuration).not.toHaveProperty('CommercialMode');
      expect(state.configuration).toMatchObject(withoutCommercialMode);
    });

    it('holds writes when the read after the boot does not report commercial mode', () => {
      spec
        .given([...rebooted('5.5'), desired(p1, t(1))])
        .when(recordConfiguration(withoutCommercialMode, at(2)))
        .then([configured(withoutCommercialMode, t(2)), notReady([1], 'COMMERCIAL_MODE_UNKNOWN', t(2))]);
    });

    it('writes once a read reports commercial mode on again', () => {
      spec
        .given([
          ...rebooted('5.5'),
          desired(p1, t(1)),
          configured(withoutCommercialMode, t(2)),
          notReady([1], 'COMMERCIAL_MODE_UNKNOWN', t(2)),
        ])
        .when(recordReadyConfiguration(at(5, 5)))
        .then([readyZappiConfiguration(t(5)), dispatched(writeId(5), p1, t(5))]);
    });
  });

  describe('when the configuration read after a reboot times out', () => {
    const failedAfterReboot = [...rebooted('5.5'), desired(p1, t(1))];

    it('records the failed read and holds the write, saying why', () => {
      const state = spec
        .given(failedAfterReboot)
        .when(recordReadFailure(at(2)))
        .then([readFailed(t(2)), notReady([1], 'CONFIGURATION_READ_FAILED', t(2))]);
      expect(state).toMatchObject({ configurationReadFailure: 'no answer in time', inFlight: null });
    });

    it('keeps holding on later commands, saying it once', () => {
      spec
        .given([...failedAfterReboot, readFailed(t(2)), notReady([1], 'CONFIGURATION_READ_FAILED', t(2))])
        .when(setDesired(withLimit(p0, 24), at(3)))
        .then([desired(withLimit(p0, 24), t(3))]);
    });

    it('writes once a fresh read succeeds', () => {
      spec
        .given([...failedAfterReboot, readFailed(t(2)), notReady([1], 'CONFIGURATION_READ_FAILED', t(2))])
        .when(recordReadyConfiguration(at(4, 4)))
        .then([readyZappiConfiguration(t(4)), dispatched(writeId(4), p1, t(4))]);
    });

    it('holds a configuration write too: what the charger holds is not known', () => {
      const wantDelay: ChargerCommand = {
        ...at(3),
        type: 'SetDesiredConfiguration',
        key: 'RandomSmartChargeDelay',
        value: '0',
        reason: 'platform delay mode',
      };
      const events = spec
        .given([...failedAfterReboot, readFailed(t(2))])
        .when(wantDelay)
        .events();
      expect(events.map((e) => e.type)).toContain('ChargerConfigurationDesired');
      expect(events.map((e) => e.type)).not.toContain('ChargerConfigurationWriteDispatched');
      const afterGoodRead = spec
        .given([...failedAfterReboot, readyZappiConfiguration(t(2))])
        .when(wantDelay)
        .events();
      expect(afterGoodRead.map((e) => e.type)).toContain('ChargerConfigurationWriteDispatched');
    });

    it('keeps holding across a reconnection until a read succeeds', () => {
      const state = spec
        .given([
          ...failedAfterReboot,
          readFailed(t(2)),
          notReady([1], 'CONFIGURATION_READ_FAILED', t(2)),
          disconnected(undefined, t(3)),
          connected('conn-2', t(4)),
        ])
        .when(recordReadFailure(at(5)))
        .then([readFailed(t(5)), notReady([1], 'CONFIGURATION_READ_FAILED', t(5))]);
      expect(state.inFlight).toBeNull();
    });
  });

  describe('when the configuration read after a reconnection (no reboot) fails', () => {
    it('does not trust what was read before it: the write waits too', () => {
      spec
        .given([
          ...aReadyZappi(),
          ...confirmedEarlier(p0, writeId(0)),
          disconnected(undefined, t(1)),
          desired(p1, t(1)),
          connected('conn-2', t(2)),
        ])
        .when(recordReadFailure(at(3)))
        .then([readFailed(t(3)), notReady([1], 'CONFIGURATION_READ_FAILED', t(3))]);
    });
  });
});
