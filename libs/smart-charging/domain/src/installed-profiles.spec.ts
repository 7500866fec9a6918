import { genericOcpp16Defaults, zappiCapabilities } from './capabilities.js';
import {
  installedAfterClear,
  installedAfterSet,
  matchesClear,
  replaces,
  slotsUsed,
  withoutTransaction,
} from './installed-profiles.js';
import { aProfile, on, withPeriods } from './test-builders.js';

const txDefault = (id: number, stackLevel = 0) => aProfile({ chargingProfileId: id, stackLevel });
const txProfile = (id: number, transactionId: number | undefined, stackLevel = 0) =>
  aProfile({
    chargingProfileId: id,
    chargingProfilePurpose: 'TxProfile',
    stackLevel,
    ...(transactionId === undefined ? {} : { transactionId }),
  });
const cpMax = (id: number) => aProfile({ chargingProfileId: id, chargingProfilePurpose: 'ChargePointMaxProfile' });

describe('Installed profiles', () => {
  describe('when a new profile is installed', () => {
    it.each([
      ['the same id, whatever else differs', on(txDefault(1)), on(txProfile(1, 7, 3), 2), true],
      ['the same purpose and stack level on the same connector', on(txDefault(1)), on(txDefault(2)), true],
      ['the same purpose at another stack level', on(txDefault(1)), on(txDefault(2, 1)), false],
      ['the same purpose and stack level on another connector', on(txDefault(1), 1), on(txDefault(2), 2), false],
      ['another purpose at the same stack level', on(txDefault(1)), on(txProfile(2, 7)), false],
      ['a TxProfile of the same level on the same connector', on(txProfile(1, 7)), on(txProfile(2, 8)), true],
    ])('on a generic charger, replaces the installed one for %s: %s', (_name, existing, incoming, expected) => {
      expect(replaces(existing, incoming, genericOcpp16Defaults)).toBe(expected);
    });

    it.each([
      ['another stack level', on(txDefault(1)), on(txDefault(2, 1))],
      ['another connector', on(txDefault(1), 0), on(txDefault(2), 1)],
    ])('on zappi, replaces the installed TxDefaultProfile whatever its id (%s)', (_name, existing, incoming) => {
      expect(replaces(existing, incoming, zappiCapabilities)).toBe(true);
    });

    it('on zappi, keeps a TxProfile beside a new TxDefaultProfile', () => {
      expect(replaces(on(txProfile(10, 7)), on(txDefault(1)), zappiCapabilities)).toBe(false);
      expect(replaces(on(txDefault(1)), on(txProfile(10, 7)), zappiCapabilities)).toBe(false);
    });

    it('lists what remains once it is accepted, with the new one last', () => {
      const installed = [on(txDefault(1)), on(txProfile(10, 7)), on(cpMax(20), 0)];
      expect(installedAfterSet(installed, on(txDefault(2, 1)), zappiCapabilities)).toEqual([
        on(txProfile(10, 7)),
        on(cpMax(20), 0),
        on(txDefault(2, 1)),
      ]);
      expect(installedAfterSet(installed, on(txDefault(2, 1)), genericOcpp16Defaults)).toEqual([
        ...installed,
        on(txDefault(2, 1)),
      ]);
    });
  });

  describe('when profiles are cleared (errata 3.25/3.26)', () => {
    const installed = [on(txDefault(1)), on(txDefault(2, 1), 2), on(txProfile(10, 7)), on(cpMax(20), 0)];

    it('clears everything with an empty filter', () => {
      expect(installedAfterClear(installed, {})).toEqual([]);
    });

    it('clears only the id when an id is given, ignoring the other fields', () => {
      expect(
        installedAfterClear(installed, { id: 10, chargingProfilePurpose: 'TxDefaultProfile', connectorId: 2 }),
      ).toEqual([on(txDefault(1)), on(txDefault(2, 1), 2), on(cpMax(20), 0)]);
    });

    it('clears every profile matching all given fields', () => {
      expect(installedAfterClear(installed, { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 })).toEqual([
        on(txDefault(1)),
        on(txProfile(10, 7)),
        on(cpMax(20), 0),
      ]);
      expect(installedAfterClear(installed, { connectorId: 0 })).toEqual(installed.slice(0, 3));
      expect(installedAfterClear(installed, { stackLevel: 0 })).toEqual([on(txDefault(2, 1), 2)]);
    });

    it('matches nothing for an unknown id', () => {
      expect(installed.some((p) => matchesClear(p, { id: 99 }))).toBe(false);
    });
  });

  describe('when slots are counted (zappi: one per period)', () => {
    it('sums the periods of every installed profile', () => {
      expect(slotsUsed([])).toBe(0);
      expect(
        slotsUsed([
          on(withPeriods(50)),
          on(withPeriods(34, { chargingProfileId: 10, chargingProfilePurpose: 'TxProfile' })),
        ]),
      ).toBe(84);
    });

    it('frees the slots of a replaced TxDefaultProfile (50 + 50 periods fit in 84)', () => {
      expect(
        slotsUsed(
          installedAfterSet([on(withPeriods(50))], on(withPeriods(50, { chargingProfileId: 2 })), zappiCapabilities),
        ),
      ).toBe(50);
    });
  });

  describe('when a transaction ends', () => {
    it('drops only the TxProfiles of that transaction', () => {
      const installed = [
        on(txDefault(1)),
        on(txProfile(10, 7)),
        on(txProfile(11, 8), 2),
        on(txProfile(12, undefined), 3),
      ];
      expect(withoutTransaction(installed, 7)).toEqual([
        on(txDefault(1)),
        on(txProfile(11, 8), 2),
        on(txProfile(12, undefined), 3),
      ]);
    });
  });
});
