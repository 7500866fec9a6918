import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  aDailyTxDefaultProfile,
  aReadyZappi,
  aTxDefaultProfile,
  aTxProfile,
  confirmedEarlier,
  refused,
  setDesired,
  transactionStarted,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

interface Case {
  name: string;
  profile: ChargingProfile;
  connectorId?: number;
  code: string;
  details?: Record<string, unknown>;
}

const schedule = (periods: ChargingProfile['chargingSchedule']['chargingSchedulePeriod']) => ({
  chargingSchedule: { chargingSchedulePeriod: periods },
});

const INT32_MAX = 2_147_483_647;

/** V3, V5 and the phase count (§3.6): values a charger cannot hold or that make no sense. */
const rangeCases: Case[] = [
  {
    name: 'a negative limit',
    profile: aTxDefaultProfile(
      schedule([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 900, limit: -6 },
      ]),
    ),
    code: 'LIMIT_NEGATIVE',
    details: { index: 1, limit: -6 },
  },
  {
    name: 'a negative minChargingRate',
    profile: aTxDefaultProfile({ chargingSchedule: { minChargingRate: -0.5 } }),
    code: 'LIMIT_NEGATIVE',
    details: { minChargingRate: -0.5 },
  },
  {
    name: 'numberPhases 4',
    profile: aTxDefaultProfile(schedule([{ startPeriod: 0, limit: 16, numberPhases: 4 }])),
    code: 'NUMBER_PHASES_OUT_OF_RANGE',
    details: { index: 0, numberPhases: 4 },
  },
  {
    name: 'numberPhases 0',
    profile: aTxDefaultProfile(schedule([{ startPeriod: 0, limit: 16, numberPhases: 0 }])),
    code: 'NUMBER_PHASES_OUT_OF_RANGE',
    details: { index: 0, numberPhases: 0 },
  },
  {
    name: 'a negative stackLevel',
    profile: aTxDefaultProfile({ stackLevel: -1 }),
    code: 'STACK_LEVEL_OUT_OF_RANGE',
    details: { stackLevel: -1 },
  },
  {
    name: 'a stackLevel beyond int32',
    profile: aTxDefaultProfile({ stackLevel: INT32_MAX + 1 }),
    code: 'STACK_LEVEL_OUT_OF_RANGE',
    details: { stackLevel: INT32_MAX + 1 },
  },
  {
    name: 'a duration of 0',
    profile: aTxDefaultProfile({ chargingSchedule: { duration: 0 } }),
    code: 'DURATION_OUT_OF_RANGE',
    details: { duration: 0 },
  },
  {
    name: 'a negative duration',
    profile: aDailyTxDefaultProfile({ chargingSchedule: { duration: -60 } }),
    code: 'DURATION_OUT_OF_RANGE',
    details: { duration: -60 },
  },
  {
    name: 'a chargingProfileId beyond int32',
    profile: aTxDefaultProfile({ chargingProfileId: INT32_MAX + 1 }),
    code: 'ID_OUT_OF_RANGE',
    details: { field: 'chargingProfileId', value: INT32_MAX + 1 },
  },
  {
    name: 'a negative chargingProfileId',
    profile: aTxDefaultProfile({ chargingProfileId: -3 }),
    code: 'ID_OUT_OF_RANGE',
    details: { field: 'chargingProfileId', value: -3 },
  },
  {
    name: 'a transactionId beyond int32',
    profile: aTxProfile({ transactionId: INT32_MAX + 1 }),
    code: 'ID_OUT_OF_RANGE',
    details: { field: 'transactionId', value: INT32_MAX + 1 },
  },
  {
    name: 'a connectorId beyond int32',
    profile: aTxDefaultProfile(),
    connectorId: INT32_MAX + 1,
    code: 'ID_OUT_OF_RANGE',
    details: { field: 'connectorId', value: INT32_MAX + 1 },
  },
  {
    name: 'a period starting beyond int32',
    profile: aTxDefaultProfile(
      schedule([
        { startPeriod: 0, limit: 16 },
        { startPeriod: INT32_MAX + 1, limit: 32 },
      ]),
    ),
    code: 'START_PERIOD_OUT_OF_RANGE',
    details: { index: 1, startPeriod: INT32_MAX + 1 },
  },
];

const cases: Case[] = [
  ...rangeCases,
  { name: 'a schedule without periods', profile: aTxDefaultProfile(schedule([])), code: 'NO_PERIODS' },
  {
    name: 'a first period that starts after 0 s',
    profile: aTxDefaultProfile(schedule([{ startPeriod: 120, limit: 16 }])),
    code: 'FIRST_PERIOD_NOT_ZERO',
    details: { startPeriod: 120 },
  },
  {
    name: 'periods that do not strictly increase',
    profile: aTxDefaultProfile(
      schedule([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 900, limit: 32 },
        { startPeriod: 900, limit: 16 },
      ]),
    ),
    code: 'PERIODS_NOT_INCREASING',
    details: { index: 2 },
  },
  {
    name: 'a period that starts before the previous one',
    profile: aTxDefaultProfile(
      schedule([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 900, limit: 32 },
        { startPeriod: 600, limit: 16 },
      ]),
    ),
    code: 'PERIODS_NOT_INCREASING',
    details: { index: 2 },
  },
  {
    name: 'a limit with two decimals',
    profile: aTxDefaultProfile(
      schedule([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 900, limit: 16.25 },
      ]),
    ),
    code: 'LIMIT_PRECISION',
    details: { index: 1 },
  },
  {
    name: 'a minChargingRate with two decimals',
    profile: aTxDefaultProfile({ chargingSchedule: { minChargingRate: 6.05 } }),
    code: 'LIMIT_PRECISION',
  },
  {
    name: 'a Recurring profile without recurrencyKind',
    profile: aDailyTxDefaultProfile({ recurrencyKind: undefined }),
    code: 'RECURRENCY_KIND_MISMATCH',
  },
  {
    name: 'an Absolute profile with a recurrencyKind',
    profile: aTxDefaultProfile({ recurrencyKind: 'Daily' }),
    code: 'RECURRENCY_KIND_MISMATCH',
  },
  {
    name: 'an Absolute profile without startSchedule',
    profile: aTxDefaultProfile({ chargingSchedule: { startSchedule: undefined } }),
    code: 'START_SCHEDULE_REQUIRED',
  },
  {
    name: 'a Recurring profile without startSchedule',
    profile: aDailyTxDefaultProfile({ chargingSchedule: { startSchedule: undefined } }),
    code: 'START_SCHEDULE_REQUIRED',
  },
  {
    name: 'a Daily profile without duration',
    profile: aDailyTxDefaultProfile({ chargingSchedule: { duration: undefined } }),
    code: 'RECURRING_DURATION_INVALID',
    details: { duration: null, maxDuration: 86_400 },
  },
  {
    name: 'a Daily profile longer than a day',
    profile: aDailyTxDefaultProfile({ chargingSchedule: { duration: 86_401 } }),
    code: 'RECURRING_DURATION_INVALID',
    details: { duration: 86_401, maxDuration: 86_400 },
  },
  {
    name: 'a Daily profile whose last period starts at its duration',
    profile: aDailyTxDefaultProfile({ chargingSchedule: { duration: 25_275 } }),
    code: 'RECURRING_DURATION_INVALID',
    details: { duration: 25_275, maxDuration: 86_400 },
  },
  {
    name: 'validFrom equal to validTo',
    profile: aTxDefaultProfile({ validFrom: '2026-11-25T00:00:00Z', validTo: '2026-11-25T00:00:00.000Z' }),
    code: 'VALIDITY_WINDOW_INVALID',
  },
  {
    name: 'validFrom after validTo (across offsets)',
    profile: aTxDefaultProfile({ validFrom: '2026-11-25T01:00:00Z', validTo: '2026-11-25T01:30:00+01:00' }),
    code: 'VALIDITY_WINDOW_INVALID',
  },
  {
    name: 'a TxProfile on connector 0',
    profile: aTxProfile(),
    connectorId: 0,
    code: 'CONNECTOR_PURPOSE_MISMATCH',
    details: { connectorId: 0 },
  },
  {
    name: 'a ChargePointMaxProfile on connector 1',
    profile: aTxDefaultProfile({ chargingProfilePurpose: 'ChargePointMaxProfile' }),
    connectorId: 1,
    code: 'CONNECTOR_PURPOSE_MISMATCH',
    details: { connectorId: 1 },
  },
  {
    name: 'a TxDefaultProfile with a transactionId',
    profile: aTxDefaultProfile({ transactionId: 4711 }),
    code: 'TRANSACTION_ID_ON_NON_TX_PROFILE',
  },
];

describe('Charger profiles', () => {
  describe('when a desired profile breaks an OCPP 1.6 rule', () => {
    const history = [...aReadyZappi(), transactionStarted()];

    it.each(cases)('refuses $name with $code and desires nothing', ({ profile, connectorId, code, details }) => {
      const given = spec.given(history);
      const after = given
        .when(setDesired(profile, { connectorId: connectorId ?? 1 }))
        .then([refused(profile.chargingProfileId, code, details ?? {})]);
      expect(after.profiles).toEqual(given.state.profiles);
    });

    it('keeps the profile desired before and sends nothing', () => {
      const before = aTxDefaultProfile();
      const given = spec.given([...history, ...confirmedEarlier(before, writeId(9))]);
      const after = given
        .when(setDesired(aTxDefaultProfile(schedule([{ startPeriod: 60, limit: 16 }]))))
        .then([refused(1, 'FIRST_PERIOD_NOT_ZERO', { startPeriod: 60 })]);
      expect(after.profiles[1]).toEqual(given.state.profiles[1]);
    });
  });

  describe('when a desired profile follows every OCPP 1.6 rule', () => {
    it.each([
      ['an Absolute TxDefaultProfile', aTxDefaultProfile()],
      ['a Recurring Daily TxDefaultProfile of a full day', aDailyTxDefaultProfile()],
      [
        'limits with one decimal',
        aTxDefaultProfile(
          schedule([
            { startPeriod: 0, limit: 16.7 },
            { startPeriod: 60, limit: 0 },
          ]),
        ),
      ],
      ['numberPhases 1', aTxDefaultProfile(schedule([{ startPeriod: 0, limit: 16, numberPhases: 1 }]))],
      [
        'a limit of 0 and the largest id a charger holds',
        aTxDefaultProfile({ chargingProfileId: INT32_MAX, ...schedule([{ startPeriod: 0, limit: 0 }]) }),
      ],
      [
        'a validity window',
        aTxDefaultProfile({ validFrom: '2026-11-25T00:00:00Z', validTo: '2026-11-26T00:00:00+01:00' }),
      ],
    ])('accepts %s as desired', (_name, profile) => {
      const [first] = spec.given(aReadyZappi()).when(setDesired(profile)).events();
      expect(first?.type).toBe('ChargingProfileDesired');
    });
  });
});
