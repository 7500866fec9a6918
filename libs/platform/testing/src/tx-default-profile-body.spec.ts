import { utcMidnight } from './test-calendar.js';
import { aTxDefaultProfileBody } from './tx-default-profile-body.js';

describe('aTxDefaultProfileBody (a profile PUT body for specs against the HTTP API)', () => {
  it('is an Absolute TxDefaultProfile of 16 A on connector 1, in force since yesterday’s UTC midnight', () => {
    expect(aTxDefaultProfileBody(7)).toEqual({
      connectorId: 1,
      chargingProfile: {
        chargingProfileId: 7,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: {
          startSchedule: utcMidnight(-1),
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
        },
      },
    });
  });

  it('takes a limit and a number of one-minute periods, and any other field as given', () => {
    const body = aTxDefaultProfileBody(8, {
      connectorId: 0,
      limit: 10,
      periods: 3,
      profile: { stackLevel: 2, chargingProfileKind: 'Relative' },
      schedule: { startSchedule: undefined, duration: 600 },
    });
    expect(JSON.parse(JSON.stringify(body))).toEqual({
      connectorId: 0,
      chargingProfile: {
        chargingProfileId: 8,
        stackLevel: 2,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [0, 60, 120].map((startPeriod) => ({ startPeriod, limit: 10 })),
          duration: 600,
        },
      },
    });
  });
});
