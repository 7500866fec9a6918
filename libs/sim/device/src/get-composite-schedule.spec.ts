import { handleCall } from './handle-call.js';
import {
  aChargePointMaxProfile,
  aGenericCharger,
  aTxDefaultProfile,
  aTxProfile,
  aZappi,
  composite,
  ctxAt,
  givenProfiles,
  iso,
  periods,
  T0,
  withActiveTransaction,
} from './test-builders.js';

const schedule = (list: Array<[number, number]>) => ({
  startSchedule: iso(T0),
  chargingSchedulePeriod: periods(...list),
});
const periodsOf = (r: ReturnType<typeof composite>) =>
  r.chargingSchedule?.chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit]);

describe('GetCompositeSchedule', () => {
  it('answers in the OCPP 1.6 JSON shape, starting at receipt (whole second)', () => {
    const state = givenProfiles(aZappi(), [1, aTxDefaultProfile({ chargingSchedule: schedule([[0, 16]]) })]);
    expect(composite(state, 1, 3600, T0 + 500)).toEqual({
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: '2025-01-06T12:00:00Z',
      chargingSchedule: {
        duration: 3600,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
      },
    });
  });

  it('answers Rejected for a connector that does not exist', () => {
    const r = handleCall(aZappi(), 'GetCompositeSchedule', { connectorId: 2, duration: 60 }, ctxAt(T0));
    expect(r.response).toEqual({ status: 'Rejected' });
    expect(r.reason).toMatch(/^unknown-connector/);
  });

  it('reports the hardware maximum where no profile is active', () => {
    expect(periodsOf(composite(aZappi(), 1, 60))).toEqual([[0, 32]]);
    expect(periodsOf(composite(aZappi(), 1, 60, T0, 'W'))).toEqual([[0, 7360]]);
  });

  it('merges equal adjacent periods and drops changes beyond the requested duration', () => {
    const state = givenProfiles(aZappi(), [
      1,
      aTxDefaultProfile({
        chargingSchedule: schedule([
          [0, 16],
          [600, 16],
          [1200, 8],
          [7200, 6],
        ]),
      }),
    ]);
    expect(periodsOf(composite(state, 1, 3600))).toEqual([
      [0, 16],
      [1200, 8],
    ]);
  });

  describe('given stacked TxDefaultProfiles on a generic charger', () => {
    // level 0: 16 A always; level 1: 8 A from +1 h for 2 h.
    const state = givenProfiles(
      aGenericCharger(),
      [1, aTxDefaultProfile({ chargingProfileId: 1, stackLevel: 0, chargingSchedule: schedule([[0, 16]]) })],
      [
        1,
        aTxDefaultProfile({
          chargingProfileId: 2,
          stackLevel: 1,
          chargingSchedule: {
            startSchedule: iso(T0 + 3_600_000),
            duration: 7200,
            chargingSchedulePeriod: periods([0, 8]),
          },
        }),
      ],
    );

    it('uses the highest active stack level and lets the lower one show after its duration', () => {
      expect(periodsOf(composite(state, 1, 4 * 3600))).toEqual([
        [0, 16],
        [3600, 8],
        [10_800, 16],
      ]);
    });

    it('bounds it by a ChargePointMaxProfile (min of purposes)', () => {
      const capped = givenProfiles(state, [
        0,
        aChargePointMaxProfile({
          chargingSchedule: { startSchedule: iso(T0 + 1_800_000), chargingSchedulePeriod: periods([0, 10]) },
        }),
      ]);
      expect(periodsOf(composite(capped, 1, 4 * 3600))).toEqual([
        [0, 16],
        [1800, 10],
        [3600, 8],
        [10_800, 10],
      ]);
    });

    it('never lets a lower level show through a top level without duration (Errata 3.7)', () => {
      const top = givenProfiles(state, [
        1,
        aTxDefaultProfile({ chargingProfileId: 3, stackLevel: 2, chargingSchedule: schedule([[0, 20]]) }),
      ]);
      expect(periodsOf(composite(top, 1, 4 * 3600))).toEqual([[0, 20]]);
    });
  });

  describe('given TxDefaultProfiles on connector 0 and on connector 1', () => {
    const state = givenProfiles(
      aGenericCharger(),
      [0, aTxDefaultProfile({ chargingProfileId: 1, stackLevel: 5, chargingSchedule: schedule([[0, 20]]) })],
      [
        1,
        aTxDefaultProfile({
          chargingProfileId: 2,
          stackLevel: 0,
          chargingSchedule: { startSchedule: iso(T0), duration: 3600, chargingSchedulePeriod: periods([0, 10]) },
        }),
      ],
    );

    it('uses the connector-specific one on that connector, whatever the stack levels', () => {
      expect(periodsOf(composite(state, 1, 1800))).toEqual([[0, 10]]);
    });

    it('falls back to connector 0 once the connector-specific one is no longer active', () => {
      expect(periodsOf(composite(state, 1, 7200))).toEqual([
        [0, 10],
        [3600, 20],
      ]);
    });

    it('uses the connector 0 one on the other connector', () => {
      expect(periodsOf(composite(state, 2, 1800))).toEqual([[0, 20]]);
    });

    it('reports connector 0 as the sum over connectors, bounded by the ChargePointMaxProfile', () => {
      expect(periodsOf(composite(state, 0, 1800))).toEqual([[0, 30]]);
      const capped = givenProfiles(state, [0, aChargePointMaxProfile({ chargingSchedule: schedule([[0, 25]]) })]);
      expect(periodsOf(composite(capped, 0, 1800))).toEqual([[0, 25]]);
    });
  });

  describe('given a running transaction', () => {
    const state = givenProfiles(withActiveTransaction(aZappi(), 1, 7), [
      1,
      aTxDefaultProfile({ chargingSchedule: schedule([[0, 10]]) }),
    ]);

    it('lets its TxProfile override the TxDefaultProfile (even upwards)', () => {
      const withTx = givenProfiles(state, [
        1,
        aTxProfile({
          transactionId: 7,
          chargingSchedule: schedule([
            [0, 24],
            [1800, 6],
          ]),
        }),
      ]);
      expect(periodsOf(composite(withTx, 1, 3600))).toEqual([
        [0, 24],
        [1800, 6],
      ]);
    });

    it('falls back to the TxDefaultProfile after the TxProfile’s duration', () => {
      const withTx = givenProfiles(state, [
        1,
        aTxProfile({
          chargingSchedule: { startSchedule: iso(T0), duration: 600, chargingSchedulePeriod: periods([0, 24]) },
        }),
      ]);
      expect(periodsOf(composite(withTx, 1, 3600))).toEqual([
        [0, 24],
        [600, 10],
      ]);
    });
  });

  describe('unit conversion at 230 V', () => {
    it('converts A to W with the phases the charger has (1-phase zappi: 16 A = 3680 W)', () => {
      const state = givenProfiles(aZappi(), [1, aTxDefaultProfile({ chargingSchedule: schedule([[0, 16]]) })]);
      expect(periodsOf(composite(state, 1, 60, T0, 'W'))).toEqual([[0, 3680]]);
    });

    it('converts W to A per phase on a 3-phase charger (11000 W = 15.9 A), one decimal', () => {
      const state = givenProfiles(aGenericCharger(), [
        1,
        aTxDefaultProfile({ chargingSchedule: { ...schedule([[0, 11_000]]), chargingRateUnit: 'W' } }),
      ]);
      expect(periodsOf(composite(state, 1, 60, T0, 'A'))).toEqual([[0, 15.9]]);
    });

    it('takes a period’s numberPhases into account (16 A on 1 phase = 3680 W on a 3-phase charger)', () => {
      const state = givenProfiles(aGenericCharger(), [
        1,
        aTxDefaultProfile({
          chargingSchedule: {
            startSchedule: iso(T0),
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 1 }],
          },
        }),
      ]);
      expect(periodsOf(composite(state, 1, 60, T0, 'W'))).toEqual([[0, 3680]]);
    });

    it('compares purposes in watts (W ChargePointMaxProfile vs A TxDefaultProfile)', () => {
      const state = givenProfiles(
        aGenericCharger(),
        [1, aTxDefaultProfile({ chargingSchedule: schedule([[0, 16]]) })],
        [0, aChargePointMaxProfile({ chargingSchedule: { ...schedule([[0, 6900]]), chargingRateUnit: 'W' } })],
      );
      expect(periodsOf(composite(state, 1, 60))).toEqual([[0, 10]]);
    });
  });

  describe('zappi gates', () => {
    it('does not apply stored profiles while commercial mode is off', () => {
      const state = givenProfiles(aZappi(), [1, aTxDefaultProfile({ chargingSchedule: schedule([[0, 6]]) })]);
      const off = handleCall(state, 'ChangeConfiguration', { key: 'CommercialMode', value: 'False' }, ctxAt(T0)).state;
      expect(periodsOf(composite(off, 1, 60))).toEqual([[0, 32]]);
      expect(off.profiles).toHaveLength(1);
    });

    it('answers Rejected below firmware 5.5', () => {
      const r = handleCall(
        aZappi({ firmwareVersion: '5.4' }),
        'GetCompositeSchedule',
        { connectorId: 1, duration: 60 },
        ctxAt(T0),
      );
      expect(r.response).toEqual({ status: 'Rejected' });
    });
  });

  describe('given RandomSmartChargeDelay 600 (GB) and a draw of 0.5 (300 s)', () => {
    it('delays the schedule start by the drawn seconds; before it the profile is not yet in force', () => {
      const state = handleCall(
        aZappi({ jurisdiction: 'GB' }),
        'SetChargingProfile',
        {
          connectorId: 1,
          csChargingProfiles: aTxDefaultProfile({
            chargingSchedule: schedule([
              [0, 0],
              [1800, 32],
            ]),
          }),
        },
        ctxAt(T0, () => 0.5),
      ).state;
      expect(periodsOf(composite(state, 1, 3600, T0, 'A'))).toEqual([
        [0, 32],
        [300, 0],
        [2100, 32],
      ]);
    });
  });
});
