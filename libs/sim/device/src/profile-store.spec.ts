import type { DeviceState } from './device-state.js';
import { sameStoredProfiles, storedKey } from './profile-store.js';
import {
  aGenericCharger,
  aTxDefaultProfile,
  aZappi,
  givenProfiles,
  iso,
  periods,
  setProfile,
  T0,
} from './test-builders.js';

const ids = (state: DeviceState): Array<[number, number]> =>
  state.profiles
    .map((p) => [p.connectorId, p.profile.chargingProfileId] as [number, number])
    .sort((a, b) => a[1] - b[1]);

describe('Profile replacement (OCPP 1.6 errata), generic charger', () => {
  const given = givenProfiles(aGenericCharger(), [1, aTxDefaultProfile({ chargingProfileId: 1, stackLevel: 0 })]);

  it('replaces a profile with the same chargingProfileId, even on another connector or stack level', () => {
    const r = setProfile(given, 2, aTxDefaultProfile({ chargingProfileId: 1, stackLevel: 4 }));
    expect(r.response).toEqual({ status: 'Accepted' });
    expect(ids(r.state)).toEqual([[2, 1]]);
  });

  it('replaces a profile with the same stackLevel and purpose on the same connector', () => {
    const r = setProfile(given, 1, aTxDefaultProfile({ chargingProfileId: 2, stackLevel: 0 }));
    expect(ids(r.state)).toEqual([[1, 2]]);
  });

  it('adds a profile with the same stackLevel and purpose on another connector', () => {
    const r = setProfile(given, 2, aTxDefaultProfile({ chargingProfileId: 2, stackLevel: 0 }));
    expect(ids(r.state)).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('adds a profile at another stackLevel (stacking)', () => {
    const r = setProfile(given, 1, aTxDefaultProfile({ chargingProfileId: 2, stackLevel: 1 }));
    expect(ids(r.state)).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('keeps several TxDefaultProfiles stacked (only zappi keeps one)', () => {
    const zappi = givenProfiles(aZappi(), [1, aTxDefaultProfile({ chargingProfileId: 1, stackLevel: 0 })]);
    expect(ids(setProfile(zappi, 1, aTxDefaultProfile({ chargingProfileId: 2, stackLevel: 1 })).state)).toEqual([
      [1, 2],
    ]);
  });
});

describe('Unchanged profile detection', () => {
  it('treats key order and date-time spelling as the same content', () => {
    const a = aTxDefaultProfile({ chargingSchedule: { startSchedule: iso(T0) } });
    const b = {
      ...aTxDefaultProfile(),
      chargingSchedule: {
        chargingSchedulePeriod: periods([0, 16]),
        chargingRateUnit: 'A' as const,
        startSchedule: new Date(T0).toISOString(),
      },
    };
    expect(storedKey(1, a)).toBe(storedKey(1, b));
  });

  it('tells apart the same profile on another connector, or another limit', () => {
    const p = aTxDefaultProfile();
    expect(storedKey(1, p)).not.toBe(storedKey(0, p));
    expect(storedKey(1, p)).not.toBe(
      storedKey(1, aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods([0, 16.1]) } })),
    );
  });

  it('compares stored lists ignoring order', () => {
    const s = givenProfiles(
      aGenericCharger(),
      [1, aTxDefaultProfile({ chargingProfileId: 1 })],
      [2, aTxDefaultProfile({ chargingProfileId: 2 })],
    );
    expect(sameStoredProfiles(s.profiles, [...s.profiles].reverse())).toBe(true);
    expect(sameStoredProfiles(s.profiles, s.profiles.slice(1))).toBe(false);
  });

  it('does not count re-sending a stored profile, even with another startSchedule spelling', () => {
    const state = givenProfiles(aZappi(), [1, aTxDefaultProfile({ chargingSchedule: { startSchedule: iso(T0) } })]);
    const r = setProfile(
      state,
      1,
      aTxDefaultProfile({ chargingSchedule: { startSchedule: '2025-01-06T12:00:00.000Z' } }),
      T0 + 5,
    );
    expect(r.memoryWrite).toBe(false);
    expect(r.state).toBe(state);
  });
});
