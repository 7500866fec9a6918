import { capabilitiesFor, firmwareAtLeast, genericOcpp16Defaults, isOn, zappiCapabilities } from './capabilities.js';

describe('Device capabilities', () => {
  describe('when nothing was reported', () => {
    it('gives zappi its documented limits (Z4–Z11)', () => {
      expect(capabilitiesFor('zappi', {})).toEqual(zappiCapabilities);
      expect(zappiCapabilities).toMatchObject({
        minimumFirmware: '5.5',
        commercialModeKey: 'CommercialMode',
        slotPool: 84,
        maxPeriodsPerSchedule: 84,
        maxStackLevel: 0,
        singleTxDefaultProfile: true,
        purposes: ['TxDefaultProfile', 'TxProfile'],
        kinds: ['Absolute', 'Recurring'],
        recurrencyKinds: ['Daily'],
        rateUnits: ['A'],
        writeBudget: { limit: 24, windowSeconds: 3600 },
      });
    });

    it('gives a generic charger the OCPP 1.6 defaults: no budget, no slot pool, everything allowed', () => {
      expect(capabilitiesFor('generic-ocpp16', {})).toEqual(genericOcpp16Defaults);
      expect(genericOcpp16Defaults).toMatchObject({
        writeBudget: null,
        slotPool: null,
        maxStackLevel: null,
        singleTxDefaultProfile: false,
        rateUnits: ['A', 'W'],
      });
    });
  });

  describe('when the charger reported its smart-charging keys', () => {
    const reported = {
      ChargingScheduleMaxPeriods: ' 48 ',
      ChargeProfileMaxStackLevel: '8',
      MaxChargingProfilesInstalled: '10',
      ChargingScheduleAllowedChargingRateUnit: 'Current,Power',
    };

    it('uses the reported values', () => {
      expect(capabilitiesFor('generic-ocpp16', reported)).toMatchObject({
        maxPeriodsPerSchedule: 48,
        maxStackLevel: 8,
        maxProfilesInstalled: 10,
        rateUnits: ['A', 'W'],
      });
    });

    it('takes the connector count from NumberOfConnectors; zappi stays at its one outlet (Z16)', () => {
      expect(capabilitiesFor('generic-ocpp16', {}).connectors).toBeNull();
      expect(capabilitiesFor('generic-ocpp16', { NumberOfConnectors: '2' }).connectors).toBe(2);
      expect(capabilitiesFor('zappi', {}).connectors).toBe(1);
      expect(capabilitiesFor('zappi', { NumberOfConnectors: '2' }).connectors).toBe(1);
    });

    it('keeps what the keys do not describe (zappi: slot pool, budget, single TxDefaultProfile)', () => {
      expect(capabilitiesFor('zappi', reported)).toMatchObject({
        slotPool: 84,
        writeBudget: { limit: 24, windowSeconds: 3600 },
        singleTxDefaultProfile: true,
        maxPeriodsPerSchedule: 48,
      });
    });

    it.each([
      ['Current', ['A']],
      ['Power', ['W']],
      ['power, current', ['A', 'W']],
      ['A', ['A']],
    ])('reads ChargingScheduleAllowedChargingRateUnit "%s" as %j', (raw, units) => {
      expect(capabilitiesFor('generic-ocpp16', { ChargingScheduleAllowedChargingRateUnit: raw }).rateUnits).toEqual(
        units,
      );
    });

    it.each([['-1'], ['12.5'], ['many'], ['']])(
      'falls back to the model default for an unreadable integer "%s"',
      (raw) => {
        expect(
          capabilitiesFor('zappi', { ChargingScheduleMaxPeriods: raw, ChargeProfileMaxStackLevel: raw })
            .maxPeriodsPerSchedule,
        ).toBe(84);
        expect(capabilitiesFor('zappi', { ChargeProfileMaxStackLevel: raw }).maxStackLevel).toBe(0);
      },
    );

    it('lets a reported limit only tighten the model (zappi stays at stack level 0 until verified)', () => {
      expect(
        capabilitiesFor('zappi', { ChargeProfileMaxStackLevel: '6', ChargingScheduleMaxPeriods: '200' }),
      ).toMatchObject({ maxStackLevel: 0, maxPeriodsPerSchedule: 84 });
      expect(capabilitiesFor('zappi', { ChargingScheduleAllowedChargingRateUnit: 'Power' }).rateUnits).toEqual([]);
    });

    it('falls back to the model default for an unknown rate unit', () => {
      expect(capabilitiesFor('zappi', { ChargingScheduleAllowedChargingRateUnit: 'Volts' }).rateUnits).toEqual(['A']);
    });
  });

  describe('when firmware versions are compared', () => {
    it.each([
      ['5.5', '5.5', true],
      ['5.5.1', '5.5', true],
      ['5.114', '5.5', true],
      ['V5.114', '5.5', true],
      ['6.0', '5.5', true],
      ['5.4.9', '5.5', false],
      ['5.4', '5.5', false],
      ['5', '5.5', false],
      ['4.99', '5.5', false],
      ['5.5', '5.114', false],
      ['unknown', '5.5', false],
    ])('%s ≥ %s is %s', (version, minimum, expected) => {
      expect(firmwareAtLeast(version, minimum)).toBe(expected);
    });
  });

  describe('when a configuration value is read as on or off', () => {
    it.each(['true', 'True', 'TRUE', ' true ', '1', 'on', 'On'])('reads "%s" as on', (value) => {
      expect(isOn(value)).toBe(true);
    });

    it.each(['false', 'False', '0', '', 'yes', 'enabled'])('reads "%s" as off', (value) => {
      expect(isOn(value)).toBe(false);
    });

    it('reads an unreported value as off', () => {
      expect(isOn(undefined)).toBe(false);
    });
  });
});
