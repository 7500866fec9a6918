import type { DeviceState } from './device-state.js';
import { createDevice } from './device-config.js';
import { handleCall } from './handle-call.js';
import type { GetConfigurationResponse } from './ocpp-types.js';
import { aGenericCharger, aZappi, ctxAt, T0 } from './test-builders.js';

function getConfiguration(state: DeviceState, key?: string[]): GetConfigurationResponse {
  const r = handleCall(state, 'GetConfiguration', key ? { key } : {}, ctxAt(T0));
  if ('callError' in r.response) throw new Error(r.response.description);
  return r.response;
}
const change = (state: DeviceState, key: string, value: string) =>
  handleCall(state, 'ChangeConfiguration', { key, value }, ctxAt(T0));
const valueOf = (state: DeviceState, key: string) => getConfiguration(state, [key]).configurationKey[0]?.value;

describe('Configuration', () => {
  describe('GetConfiguration', () => {
    it('returns the requested keys and lists the unknown ones', () => {
      expect(
        getConfiguration(aZappi({ jurisdiction: 'GB' }), [
          'SupportedFeatureProfiles',
          'RandomSmartChargeDelay',
          'CommercialMode',
          'ChargingScheduleMaxPeriods',
        ]),
      ).toEqual({
        configurationKey: [
          { key: 'SupportedFeatureProfiles', readonly: true, value: 'Core,FirmwareManagement,SmartCharging' },
          { key: 'RandomSmartChargeDelay', readonly: false, value: '600' },
          { key: 'CommercialMode', readonly: false, value: 'True' },
        ],
        unknownKey: ['ChargingScheduleMaxPeriods'],
      });
    });

    it('returns every key when none (or an empty list) is requested', () => {
      const all = getConfiguration(aZappi()).configurationKey.map((k) => k.key);
      expect(all).toEqual(
        expect.arrayContaining([
          'CommercialMode',
          'RandomSmartChargeDelay',
          'SupportedFeatureProfiles',
          'NumberOfConnectors',
        ]),
      );
      expect(getConfiguration(aZappi(), []).configurationKey.map((k) => k.key)).toEqual(all);
    });

    it('reports SmartCharging only from firmware 5.5 on zappi', () => {
      expect(valueOf(aZappi({ firmwareVersion: '5.4.9' }), 'SupportedFeatureProfiles')).toBe('Core,FirmwareManagement');
      expect(valueOf(aZappi({ firmwareVersion: '5.114' }), 'SupportedFeatureProfiles')).toBe(
        'Core,FirmwareManagement,SmartCharging',
      );
    });

    it('reports the standard smart-charging keys of a generic charger with their configured values', () => {
      const generic = aGenericCharger({
        smartChargingLimits: { chargeProfileMaxStackLevel: 3, allowedChargingRateUnits: ['Current'] },
      });
      expect(
        getConfiguration(generic, [
          'ChargeProfileMaxStackLevel',
          'ChargingScheduleAllowedChargingRateUnit',
          'ChargingScheduleMaxPeriods',
          'MaxChargingProfilesInstalled',
          'RandomSmartChargeDelay',
        ]),
      ).toEqual({
        configurationKey: [
          { key: 'ChargeProfileMaxStackLevel', readonly: true, value: '3' },
          { key: 'ChargingScheduleAllowedChargingRateUnit', readonly: true, value: 'Current' },
          { key: 'ChargingScheduleMaxPeriods', readonly: true, value: '24' },
          { key: 'MaxChargingProfilesInstalled', readonly: true, value: '16' },
        ],
        unknownKey: ['RandomSmartChargeDelay'],
      });
    });
  });

  describe('ChangeConfiguration', () => {
    it('answers NotSupported for an unknown key', () => {
      const r = change(aZappi(), 'NoSuchKey', '1');
      expect(r.response).toEqual({ status: 'NotSupported' });
      expect(r.memoryWrite).toBe(false);
    });

    it('answers Rejected for a read-only key', () => {
      const r = change(aZappi(), 'SupportedFeatureProfiles', 'Core');
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^read-only/);
    });

    it.each([
      ['RandomSmartChargeDelay', '-1'],
      ['RandomSmartChargeDelay', '1801'],
      ['RandomSmartChargeDelay', '1.5'],
      ['RandomSmartChargeDelay', 'ten'],
      ['CommercialMode', 'yes'],
      ['OCPPChargeMode', 'TURBO'],
      ['HeartbeatInterval', ''],
    ])('answers Rejected for %s=%s and changes nothing', (key, value) => {
      const state = aZappi();
      const r = change(state, key, value);
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.state).toBe(state);
    });

    it('stores an accepted value as a string and counts the write', () => {
      const r = change(aZappi({ jurisdiction: 'GB' }), 'RandomSmartChargeDelay', '0');
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(r.memoryWrite).toBe(true);
      expect(valueOf(r.state, 'RandomSmartChargeDelay')).toBe('0');
    });

    it('canonicalises booleans to zappi’s True/False, so "true" over "True" changes nothing', () => {
      const off = change(aZappi(), 'CommercialMode', 'false');
      expect(valueOf(off.state, 'CommercialMode')).toBe('False');
      const same = change(aZappi(), 'CommercialMode', 'true');
      expect(same.response).toEqual({ status: 'Accepted' });
      expect(same.memoryWrite).toBe(false);
    });

    it('turns profiles on again when commercial mode is switched on', () => {
      const off = aZappi({ commercialMode: false });
      expect(valueOf(off, 'CommercialMode')).toBe('False');
      expect(valueOf(change(off, 'CommercialMode', 'True').state, 'CommercialMode')).toBe('True');
    });
  });

  it('refuses to preset an invalid configuration value at creation', () => {
    expect(() => createDevice({ configuration: { RandomSmartChargeDelay: '9999' } })).toThrow(/RandomSmartChargeDelay/);
    expect(
      createDevice({ configuration: { RandomSmartChargeDelay: '030' } }).configuration['RandomSmartChargeDelay'],
    ).toBe('30');
  });
});
