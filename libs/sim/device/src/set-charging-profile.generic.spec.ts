import {
  aChargePointMaxProfile,
  aGenericCharger,
  aTxDefaultProfile,
  givenProfiles,
  setProfile,
  T0,
  withPeriods,
} from './test-builders.js';

describe('generic OCPP 1.6 SetChargingProfile', () => {
  describe('given ChargeProfileMaxStackLevel 2', () => {
    const state = aGenericCharger({ smartChargingLimits: { chargeProfileMaxStackLevel: 2 } });

    it('accepts stackLevel 2', () => {
      expect(setProfile(state, 1, aTxDefaultProfile({ stackLevel: 2 })).response).toEqual({ status: 'Accepted' });
    });

    it('rejects stackLevel 3', () => {
      const r = setProfile(state, 1, aTxDefaultProfile({ stackLevel: 3 }));
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^stack-level-too-high/);
    });
  });

  describe('given ChargingScheduleMaxPeriods 5 (per schedule)', () => {
    const state = aGenericCharger({ smartChargingLimits: { chargingScheduleMaxPeriods: 5 } });

    it('accepts 5 periods in one schedule, and more in total across profiles', () => {
      const s = givenProfiles(state, [1, aTxDefaultProfile(withPeriods(5, { chargingProfileId: 1 }))]);
      expect(setProfile(s, 2, aTxDefaultProfile(withPeriods(5, { chargingProfileId: 2 }))).response).toEqual({
        status: 'Accepted',
      });
    });

    it('rejects 6 periods', () => {
      const r = setProfile(state, 1, aTxDefaultProfile(withPeriods(6)));
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^too-many-periods/);
    });
  });

  describe('given MaxChargingProfilesInstalled 2', () => {
    const state = givenProfiles(
      aGenericCharger({ smartChargingLimits: { maxChargingProfilesInstalled: 2 } }),
      [1, aTxDefaultProfile({ chargingProfileId: 1, stackLevel: 0 })],
      [1, aTxDefaultProfile({ chargingProfileId: 2, stackLevel: 1 })],
    );

    it('rejects a third profile', () => {
      const r = setProfile(state, 1, aTxDefaultProfile({ chargingProfileId: 3, stackLevel: 2 }));
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^too-many-profiles/);
    });

    it('accepts a replacement, since the count does not grow', () => {
      expect(setProfile(state, 1, aTxDefaultProfile({ chargingProfileId: 3, stackLevel: 1 })).response).toEqual({
        status: 'Accepted',
      });
    });
  });

  describe('ChargingScheduleAllowedChargingRateUnit', () => {
    const watts = aTxDefaultProfile({ chargingSchedule: { chargingRateUnit: 'W' } });

    it('rejects W when only Current is allowed', () => {
      const r = setProfile(
        aGenericCharger({ smartChargingLimits: { allowedChargingRateUnits: ['Current'] } }),
        1,
        watts,
      );
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^unit-not-allowed/);
    });

    it('rejects A when only Power is allowed', () => {
      const r = setProfile(
        aGenericCharger({ smartChargingLimits: { allowedChargingRateUnits: ['Power'] } }),
        1,
        aTxDefaultProfile(),
      );
      expect(r.response).toEqual({ status: 'Rejected' });
    });

    it('accepts both when both are allowed', () => {
      expect(setProfile(aGenericCharger(), 1, watts).response).toEqual({ status: 'Accepted' });
    });
  });

  describe('ChargePointMaxProfile', () => {
    it('is accepted on connector 0', () => {
      expect(setProfile(aGenericCharger(), 0, aChargePointMaxProfile()).response).toEqual({ status: 'Accepted' });
    });

    it('is rejected on a connector > 0', () => {
      expect(setProfile(aGenericCharger(), 1, aChargePointMaxProfile()).response).toEqual({ status: 'Rejected' });
    });
  });

  it('has no write limiter: 100 changing writes within a minute are all accepted', () => {
    let state = aGenericCharger();
    for (let i = 0; i < 100; i++) {
      const r = setProfile(
        state,
        1,
        aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 + (i % 2) }] } }),
        T0 + i * 100,
      );
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(r.memoryWrite).toBe(true);
      state = r.state;
    }
    expect(state.writeLog).toEqual([]);
  });

  it('accepts profiles regardless of firmware and has no commercial-mode gate', () => {
    expect(setProfile(aGenericCharger({ firmwareVersion: '0.1' }), 1, aTxDefaultProfile()).response).toEqual({
      status: 'Accepted',
    });
  });
});
