import { aTxDefaultProfile, aZappi, composite, iso, periods, SECOND, setProfile, T0 } from './test-builders.js';

// GetCompositeSchedule is computed from the receipt of the request; its scheduleStart is spelled in whole
// seconds. A profile installed earlier in the same second as the request must show from period 0.

const txDefault = (chargingProfileId: number, limit: number) =>
  aTxDefaultProfile({
    chargingProfileId,
    chargingSchedule: { startSchedule: iso(T0 - 60 * SECOND), chargingSchedulePeriod: periods([0, limit]) },
  });

describe('GetCompositeSchedule at fractions of a second (accelerated clock)', () => {
  describe('given a zappi that received two TxDefaultProfiles, the second at 12:00:05.400', () => {
    const first = setProfile(aZappi(), 1, txDefault(100, 16), T0 + 200);
    const second = setProfile(first.state, 1, txDefault(101, 10), T0 + 5 * SECOND + 400);

    it('stores only the second one (Z8)', () => {
      expect(second.response).toEqual({ status: 'Accepted' });
      expect(second.state.profiles.map((p) => p.profile.chargingProfileId)).toEqual([101]);
    });

    it('when asked at 12:00:05.700, reports the installed limit from period 0, never the device maximum', () => {
      const answer = composite(second.state, 1, 3600, T0 + 5 * SECOND + 700);
      expect(answer.scheduleStart).toBe(iso(T0 + 5 * SECOND));
      expect(answer.chargingSchedule?.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 10 }]);
    });

    it('when asked in the very millisecond of the write, reports the installed limit', () => {
      const answer = composite(second.state, 1, 60, T0 + 5 * SECOND + 400);
      expect(answer.chargingSchedule?.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 10 }]);
    });
  });

  describe('given a profile whose next period starts at a fraction of a second after receipt', () => {
    const state = setProfile(
      aZappi(),
      1,
      aTxDefaultProfile({
        chargingSchedule: {
          startSchedule: iso(T0 - 59_500),
          chargingSchedulePeriod: periods([0, 16], [60, 8]),
        },
      }),
      T0 - 30 * SECOND,
    ).state;

    it('shows the change from the next whole second of the schedule', () => {
      const answer = composite(state, 1, 60, T0 + 200);
      expect(answer.scheduleStart).toBe(iso(T0));
      expect(answer.chargingSchedule?.chargingSchedulePeriod).toEqual([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 1, limit: 8 },
      ]);
    });
  });
});
