import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  aDailyTxDefaultProfile,
  aGenericRegistered,
  aReadyZappi,
  aTxDefaultProfile,
  aTxProfile,
  aZappiRegistered,
  booted,
  configured,
  connected,
  desired,
  dispatched,
  periods,
  refused,
  setDesired,
  transactionStarted,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

interface Case {
  name: string;
  given: ChargerEvent[];
  profile: ChargingProfile;
  connectorId?: number;
  code: string;
  details?: Record<string, unknown>;
}

const zappi = aReadyZappi();
const zappiWith = (values: Record<string, string>) => [...zappi, configured(values)];
const generic = (values: Record<string, string>) => [aGenericRegistered(), configured(values), connected()];

const cases: Case[] = [
  {
    name: 'connector 2 on zappi (one outlet, Z16)',
    given: zappi,
    profile: aTxDefaultProfile(),
    connectorId: 2,
    code: 'CONNECTOR_NOT_ON_DEVICE',
    details: { connectorId: 2, connectors: 1 },
  },
  {
    name: 'a connector above the reported NumberOfConnectors',
    given: generic({ NumberOfConnectors: '2' }),
    profile: aTxDefaultProfile(),
    connectorId: 3,
    code: 'CONNECTOR_NOT_ON_DEVICE',
    details: { connectorId: 3, connectors: 2 },
  },
  {
    name: 'stack level 1 on zappi',
    given: zappi,
    profile: aTxDefaultProfile({ stackLevel: 1 }),
    code: 'STACK_LEVEL_TOO_HIGH',
    details: { maxStackLevel: 0 },
  },
  {
    name: 'a stack level above the reported ChargeProfileMaxStackLevel',
    given: generic({ ChargeProfileMaxStackLevel: '3' }),
    profile: aTxDefaultProfile({ stackLevel: 4 }),
    code: 'STACK_LEVEL_TOO_HIGH',
    details: { maxStackLevel: 3 },
  },
  {
    name: 'limits in W on zappi',
    given: zappi,
    profile: aTxDefaultProfile({ chargingSchedule: { chargingRateUnit: 'W' } }),
    code: 'RATE_UNIT_NOT_SUPPORTED',
  },
  {
    name: 'limits in A where the charger reports Power only',
    given: generic({ ChargingScheduleAllowedChargingRateUnit: 'Power' }),
    profile: aTxDefaultProfile(),
    code: 'RATE_UNIT_NOT_SUPPORTED',
  },
  {
    name: 'a ChargePointMaxProfile on zappi',
    given: zappi,
    profile: aTxDefaultProfile({ chargingProfilePurpose: 'ChargePointMaxProfile' }),
    connectorId: 0,
    code: 'PURPOSE_NOT_SUPPORTED',
  },
  {
    name: 'a Relative profile on zappi',
    given: zappi,
    profile: aTxDefaultProfile({ chargingProfileKind: 'Relative', chargingSchedule: { startSchedule: undefined } }),
    code: 'KIND_NOT_SUPPORTED',
  },
  {
    name: 'a Recurring Weekly profile on zappi',
    given: zappi,
    profile: aDailyTxDefaultProfile({ recurrencyKind: 'Weekly', chargingSchedule: { duration: 604_800 } }),
    code: 'KIND_NOT_SUPPORTED',
  },
  {
    name: 'more periods than one schedule may hold (84 on zappi)',
    given: zappi,
    profile: aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods(85) } }),
    code: 'TOO_MANY_PERIODS',
    details: { periods: 85, max: 84 },
  },
  {
    name: 'more periods than the reported ChargingScheduleMaxPeriods',
    given: generic({ ChargingScheduleMaxPeriods: '2' }),
    profile: aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods(3) } }),
    code: 'TOO_MANY_PERIODS',
    details: { periods: 3, max: 2 },
  },
  {
    name: 'any profile on firmware older than 5.5',
    given: [...zappi, booted('5.4.9')],
    profile: aTxDefaultProfile(),
    code: 'FIRMWARE_TOO_OLD',
    details: { firmwareVersion: '5.4.9', minimumFirmware: '5.5' },
  },
  {
    name: 'any profile while commercial mode is off',
    given: zappiWith({ CommercialMode: 'False' }),
    profile: aTxDefaultProfile(),
    code: 'COMMERCIAL_MODE_OFF',
  },
  {
    name: 'any profile on a charger without the SmartCharging feature profile',
    given: zappiWith({ SupportedFeatureProfiles: 'Core,FirmwareManagement' }),
    profile: aTxDefaultProfile(),
    code: 'SMART_CHARGING_NOT_SUPPORTED',
  },
  {
    name: 'a TxProfile with no transaction running',
    given: zappi,
    profile: aTxProfile(),
    code: 'NO_ACTIVE_TRANSACTION',
  },
  {
    name: 'a TxProfile for another transaction than the running one',
    given: [...zappi, transactionStarted(4711)],
    profile: aTxProfile({ transactionId: 99 }),
    code: 'TRANSACTION_ID_MISMATCH',
  },
  {
    name: 'a TxProfile for a transaction on another connector',
    given: [...zappi, transactionStarted(4711, 2)],
    profile: aTxProfile(),
    code: 'NO_ACTIVE_TRANSACTION',
  },
];

describe('Charger profiles', () => {
  describe('when the device could never take a desired profile', () => {
    it.each(cases)('refuses $name with $code and desires nothing', ({ given, profile, connectorId, code, details }) => {
      const g = spec.given(given);
      const after = g
        .when(setDesired(profile, { connectorId: connectorId ?? 1 }))
        .then([refused(profile.chargingProfileId, code, details ?? {})]);
      expect(after.profiles).toEqual(g.state.profiles);
    });
  });

  describe('when a device gate is closed', () => {
    it('reports the gate before any rule of the profile itself', () => {
      spec
        .given(zappiWith({ CommercialMode: 'false' }))
        .when(setDesired(aTxDefaultProfile({ stackLevel: 1, chargingSchedule: { chargingRateUnit: 'W' } })))
        .then([refused(1, 'COMMERCIAL_MODE_OFF')]);
    });

    it('refuses again once the gate closes after an earlier profile was accepted as desired', () => {
      const profile = aTxDefaultProfile();
      spec
        .given([...zappi, desired(profile), dispatched('write-1', profile), configured({ CommercialMode: '0' })])
        .when(setDesired(aTxDefaultProfile({ chargingProfileId: 2 })))
        .then([refused(2, 'COMMERCIAL_MODE_OFF')]);
    });
  });

  describe('when the device gates are open', () => {
    it.each([
      ['firmware 5.114 (numeric, not lexical, ordering)', booted('5.114')],
      ['firmware V5.5.1', booted('V5.5.1')],
      ['commercial mode reported as "1"', configured({ CommercialMode: '1' })],
      ['feature profiles listed with spaces', configured({ SupportedFeatureProfiles: 'Core, SmartCharging' })],
    ])('accepts a profile as desired with %s', (_name, fact) => {
      const [first] = spec
        .given([...zappi, fact])
        .when(setDesired(aTxDefaultProfile()))
        .events();
      expect(first?.type).toBe('ChargingProfileDesired');
    });

    it.each([
      ['connector 0 on zappi', zappi, 0],
      ['connector 1 on zappi', zappi, 1],
      ['connector 2 of a charger reporting two', generic({ NumberOfConnectors: '2' }), 2],
      ['connector 5 of a charger that has not said how many it has', generic({}), 5],
    ])('accepts a profile as desired on %s', (_name, given, connectorId) => {
      const [first] = spec.given(given).when(setDesired(aTxDefaultProfile(), { connectorId })).events();
      expect(first?.type).toBe('ChargingProfileDesired');
    });

    // Gates are checked on known facts only (device-rules.ts): a charger that has not reported yet is not refused.
    it('accepts a profile as desired before firmware and configuration are known', () => {
      const [first] = spec.given([aZappiRegistered()]).when(setDesired(aTxDefaultProfile())).events();
      expect(first?.type).toBe('ChargingProfileDesired');
    });
  });
});
