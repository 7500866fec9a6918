import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import fc from 'fast-check';
import { canonicalProfile, sameProfile, utcSecond, withUtcTimestamps } from './canonical-profile.js';
import { aProfile } from './test-builders.js';

const base = aProfile();

describe('Canonical profile', () => {
  describe('when two profiles differ only in how they are written', () => {
    it.each<[string, ChargingProfile]>([
      [
        'key order',
        {
          chargingSchedule: {
            chargingSchedulePeriod: [
              { limit: 16, startPeriod: 0 },
              { limit: 32, startPeriod: 7200 },
            ],
            chargingRateUnit: 'A',
            startSchedule: '2026-11-25T00:00:00Z',
          },
          chargingProfileKind: 'Absolute',
          chargingProfilePurpose: 'TxDefaultProfile',
          stackLevel: 0,
          chargingProfileId: 1,
        },
      ],
      [
        'a limit carrying float noise (16.000000000000004)',
        aProfile({
          chargingSchedule: {
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 0.1 * 160 + 4e-15 },
              { startPeriod: 7200, limit: 32 },
            ],
          },
        }),
      ],
      [
        'a start written with milliseconds (.000Z)',
        aProfile({ chargingSchedule: { startSchedule: '2026-11-25T00:00:00.000Z' } }),
      ],
      [
        'a start written with a +00:00 offset',
        aProfile({ chargingSchedule: { startSchedule: '2026-11-25T00:00:00+00:00' } }),
      ],
      [
        'a start written in another offset',
        aProfile({ chargingSchedule: { startSchedule: '2026-11-25T01:00:00+01:00' } }),
      ],
      [
        'a start with a fraction of a second',
        aProfile({ chargingSchedule: { startSchedule: '2026-11-25T00:00:00.400Z' } }),
      ],
      [
        'numberPhases 3 spelled out (the spec default)',
        aProfile({
          chargingSchedule: {
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16, numberPhases: 3 },
              { startPeriod: 7200, limit: 32 },
            ],
          },
        }),
      ],
    ])('treats them as the same write (%s)', (_name, other) => {
      expect(sameProfile(base, other)).toBe(true);
      expect(canonicalProfile(other)).toEqual(canonicalProfile(base));
    });

    it('treats limits 16.70 and 16.7, and 16.7 computed as 167/10 or 16.65 + 0.05, as the same', () => {
      const withLimit = (limit: number) =>
        aProfile({ chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit }] } });
      expect(sameProfile(withLimit(16.7), withLimit(Number('16.70')))).toBe(true);
      expect(sameProfile(withLimit(16.7), withLimit(167 / 10))).toBe(true);
      expect(sameProfile(withLimit(16.7), withLimit(16.65 + 0.05))).toBe(true);
    });

    it('treats validity bounds written in other offsets as the same', () => {
      expect(
        sameProfile(
          aProfile({ validFrom: '2026-11-25T00:00:00Z', validTo: '2026-12-01T00:00:00Z' }),
          aProfile({ validFrom: '2026-11-25T00:00:00.000+00:00', validTo: '2026-11-30T19:00:00-05:00' }),
        ),
      ).toBe(true);
    });
  });

  describe('when two profiles differ in what the charger would do', () => {
    it.each<[string, ChargingProfile]>([
      [
        'another limit',
        aProfile({
          chargingSchedule: {
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16.1 },
              { startPeriod: 7200, limit: 32 },
            ],
          },
        }),
      ],
      [
        'another period start',
        aProfile({
          chargingSchedule: {
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16 },
              { startPeriod: 7201, limit: 32 },
            ],
          },
        }),
      ],
      [
        'one phase instead of the default three',
        aProfile({
          chargingSchedule: {
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16, numberPhases: 1 },
              { startPeriod: 7200, limit: 32 },
            ],
          },
        }),
      ],
      ['a start one second later', aProfile({ chargingSchedule: { startSchedule: '2026-11-25T00:00:01Z' } })],
      ['another id', aProfile({ chargingProfileId: 2 })],
      ['another stack level', aProfile({ stackLevel: 1 })],
      ['a duration', aProfile({ chargingSchedule: { duration: 86_400 } })],
      ['a validTo', aProfile({ validTo: '2026-12-01T00:00:00Z' })],
      ['a minChargingRate', aProfile({ chargingSchedule: { minChargingRate: 6 } })],
      ['a transactionId', aProfile({ chargingProfilePurpose: 'TxProfile', transactionId: 1 })],
    ])('treats them as different writes (%s)', (_name, other) => {
      expect(sameProfile(base, other)).toBe(false);
    });
  });

  describe('when a profile is put in canonical form', () => {
    it('writes UTC whole seconds, one-decimal limits and explicit phases, in a fixed key order', () => {
      const canonical = canonicalProfile(
        aProfile({
          validFrom: '2026-11-25T01:00:00.999+01:00',
          chargingSchedule: {
            startSchedule: '2026-11-25T00:00:00.000Z',
            minChargingRate: 6.04,
            chargingSchedulePeriod: [{ limit: 16.04, startPeriod: 0 }],
          },
        }),
      );
      expect(JSON.stringify(canonical)).toBe(
        JSON.stringify({
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          validFrom: '2026-11-25T00:00:00Z',
          chargingSchedule: {
            startSchedule: '2026-11-25T00:00:00Z',
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 3 }],
            minChargingRate: 6,
          },
        }),
      );
    });

    it('keeps zero values (limit 0, stack level 0)', () => {
      const canonical = canonicalProfile(
        aProfile({ chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 0 }] } }),
      );
      expect(canonical.stackLevel).toBe(0);
      expect(canonical.chargingSchedule.chargingSchedulePeriod).toEqual([
        { startPeriod: 0, limit: 0, numberPhases: 3 },
      ]);
    });

    it('leaves the input untouched', () => {
      const input = aProfile({ chargingSchedule: { startSchedule: '2026-11-25T00:00:00.000+00:00' } });
      const copy = structuredClone(input);
      canonicalProfile(input);
      expect(input).toEqual(copy);
    });
  });

  describe('when a profile carries timestamps with an offset or milliseconds', () => {
    it('stores and sends them as UTC whole seconds with Z, and changes nothing else', () => {
      const given = aProfile({
        validFrom: '2026-01-06T01:00:00+01:00',
        validTo: '2026-01-07T00:00:00.250Z',
        chargingSchedule: {
          startSchedule: '2026-01-05T19:30:00-05:00',
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
        },
      });
      expect(withUtcTimestamps(given)).toEqual({
        ...given,
        validFrom: '2026-01-06T00:00:00Z',
        validTo: '2026-01-07T00:00:00Z',
        chargingSchedule: { ...given.chargingSchedule, startSchedule: '2026-01-06T00:30:00Z' },
      });
    });

    it('leaves absent timestamps absent', () => {
      const given = aProfile({ chargingProfileKind: 'Relative' });
      const { startSchedule: _dropped, ...schedule } = given.chargingSchedule;
      const relative = { ...given, chargingSchedule: schedule };
      expect(withUtcTimestamps(relative)).toEqual(relative);
    });
  });

  describe('when the same timestamp text is asked for again (utcSecond remembers its answers)', () => {
    // The reference: parse and print every time, as utcSecond did before it remembered.
    const printed = (iso: string) => new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const offsetText = fc
      .tuple(
        fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
      )
      .map(([at, offsetMinutes]) => {
        const local = new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      });

    it('answers as parsing and printing would, the first time and every time after, beyond the memo size', () => {
      fc.assert(
        fc.property(fc.array(offsetText, { minLength: 1, maxLength: 40 }), (texts) => {
          for (const text of [...texts, ...texts]) expect(utcSecond(text)).toBe(printed(text));
        }),
        { numRuns: 300 }, // 300 × up to 40 texts: the memo fills and is cleared several times over
      );
    });

    it('throws for a text that is not a date, every time (a failure is not remembered)', () => {
      expect(() => utcSecond('not a date')).toThrow(RangeError);
      expect(() => utcSecond('not a date')).toThrow(RangeError);
    });
  });
});
