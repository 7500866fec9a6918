import { matchesClear } from './clear-matching.js';
import type { DeviceState } from './device-state.js';
import {
  aChargePointMaxProfile,
  aGenericCharger,
  aTxDefaultProfile,
  aTxProfile,
  clearProfiles,
  givenProfiles,
  withActiveTransaction,
} from './test-builders.js';

const remainingIds = (state: DeviceState): number[] =>
  state.profiles.map((p) => p.profile.chargingProfileId).sort((a, b) => a - b);

describe('ClearChargingProfile matching (Errata 3.25/3.26)', () => {
  // 1: TxDefault conn 1 level 0; 2: TxDefault conn 1 level 1; 3: TxDefault conn 0 level 0;
  // 4: ChargePointMax conn 0 level 0; 5: TxProfile conn 1 level 0.
  const given = givenProfiles(
    withActiveTransaction(aGenericCharger(), 1, 7),
    [1, aTxDefaultProfile({ chargingProfileId: 1, stackLevel: 0 })],
    [1, aTxDefaultProfile({ chargingProfileId: 2, stackLevel: 1 })],
    [0, aTxDefaultProfile({ chargingProfileId: 3, stackLevel: 0 })],
    [0, aChargePointMaxProfile({ chargingProfileId: 4, stackLevel: 0 })],
    [1, aTxProfile({ chargingProfileId: 5, stackLevel: 0 })],
  );

  it('clears every profile when no field is given', () => {
    const r = clearProfiles(given, {});
    expect(r.response).toEqual({ status: 'Accepted' });
    expect(r.memoryWrite).toBe(true);
    expect(r.state.profiles).toEqual([]);
  });

  it('clears by id only, ignoring every other field', () => {
    const r = clearProfiles(given, {
      id: 2,
      connectorId: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      stackLevel: 9,
    });
    expect(r.response).toEqual({ status: 'Accepted' });
    expect(remainingIds(r.state)).toEqual([1, 3, 4, 5]);
  });

  it('answers Unknown for an id that is not stored, even when the other fields would match', () => {
    const r = clearProfiles(given, { id: 99, connectorId: 1 });
    expect(r.response).toEqual({ status: 'Unknown' });
    expect(r.state).toBe(given);
  });

  it('ANDs the given fields', () => {
    const r = clearProfiles(given, { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile' });
    expect(remainingIds(r.state)).toEqual([3, 4, 5]);
  });

  it('matches stackLevel 0 as a value, not as "absent"', () => {
    const r = clearProfiles(given, { connectorId: 0, chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0 });
    expect(remainingIds(r.state)).toEqual([1, 2, 3, 5]);
  });

  it('treats connectorId 0 as the charge-point-wide profiles only', () => {
    expect(remainingIds(clearProfiles(given, { connectorId: 0 }).state)).toEqual([1, 2, 5]);
  });

  it('treats an absent connectorId as any connector', () => {
    expect(remainingIds(clearProfiles(given, { stackLevel: 0 }).state)).toEqual([2]);
  });

  it('answers Unknown when the AND of the fields matches nothing', () => {
    const r = clearProfiles(given, { connectorId: 2, chargingProfilePurpose: 'TxDefaultProfile' });
    expect(r.response).toEqual({ status: 'Unknown' });
    expect(r.memoryWrite).toBe(false);
  });

  it('answers Unknown for a clear-all on an empty charger', () => {
    expect(clearProfiles(aGenericCharger(), {}).response).toEqual({ status: 'Unknown' });
  });

  it('exposes the rule as a predicate', () => {
    const entry = {
      connectorId: 1,
      profile: aTxDefaultProfile({ chargingProfileId: 1 }),
      installedAt: 0,
      randomDelaySeconds: 0,
    };
    expect(matchesClear({}, entry)).toBe(true);
    expect(matchesClear({ id: 1, stackLevel: 5 }, entry)).toBe(true);
    expect(matchesClear({ chargingProfilePurpose: 'TxProfile' }, entry)).toBe(false);
  });
});
