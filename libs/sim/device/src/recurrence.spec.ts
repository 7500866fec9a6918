import type { InstalledProfile } from './device-state.js';
import type { ChargingProfile } from './ocpp-types.js';
import { profileBreakpoints, profileLimitAt } from './recurrence.js';
import { at, aTxDefaultProfile, periods, SECOND, T0 } from './test-builders.js';

const installed = (profile: ChargingProfile, randomDelaySeconds = 0, installedAt = 0): InstalledProfile => ({
  connectorId: 1,
  profile,
  installedAt,
  randomDelaySeconds,
});

const limitAt = (entry: InstalledProfile, t: number, relativeAnchor = 0): number | null =>
  profileLimitAt(entry, t, relativeAnchor)?.limit ?? null;

const daily = (startSchedule: string, duration: number | undefined, list: Array<[number, number]>): ChargingProfile =>
  aTxDefaultProfile({
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: { startSchedule, duration, chargingSchedulePeriod: periods(...list) },
  });

describe('Recurring schedules (Errata 3.79: anchored at startSchedule, not midnight)', () => {
  describe('given a Daily profile starting 2025-01-06 18:30 UTC: 32 A for one hour, then 6 A', () => {
    const entry = installed(
      daily('2025-01-06T18:30:00Z', 86_400, [
        [0, 32],
        [3600, 6],
      ]),
    );

    it('is not active before its startSchedule', () => {
      expect(limitAt(entry, at('2025-01-06T18:29:59Z'))).toBeNull();
    });

    it('restarts at 18:30 every day', () => {
      expect(limitAt(entry, at('2025-01-08T18:30:00Z'))).toBe(32);
      expect(limitAt(entry, at('2025-01-08T19:29:59Z'))).toBe(32);
      expect(limitAt(entry, at('2025-01-08T19:30:00Z'))).toBe(6);
    });

    it('does not restart at midnight', () => {
      expect(limitAt(entry, at('2025-01-08T00:00:00Z'))).toBe(6);
      expect(limitAt(entry, at('2025-01-08T18:29:59Z'))).toBe(6);
    });

    it('lists its breakpoints at 18:30 and 19:30 each day', () => {
      const points = profileBreakpoints(entry, at('2025-01-07T00:00:00Z'), at('2025-01-09T00:00:00Z'), 0);
      expect([...new Set(points)].sort().map((t) => new Date(t).toISOString())).toEqual([
        '2025-01-07T18:30:00.000Z',
        '2025-01-07T19:30:00.000Z',
        '2025-01-08T18:30:00.000Z',
        '2025-01-08T19:30:00.000Z',
      ]);
    });
  });

  describe('given a Weekly profile starting Wednesday 2025-01-08 07:00 UTC: 16 A for two hours, then 0', () => {
    const entry = installed(
      aTxDefaultProfile({
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Weekly',
        chargingSchedule: {
          startSchedule: '2025-01-08T07:00:00Z',
          duration: 604_800,
          chargingSchedulePeriod: periods([0, 16], [7200, 0]),
        },
      }),
    );

    it('restarts on Wednesday at 07:00, not on Monday morning', () => {
      expect(limitAt(entry, at('2025-01-13T00:00:00Z'))).toBe(0);
      expect(limitAt(entry, at('2025-01-15T06:59:59Z'))).toBe(0);
      expect(limitAt(entry, at('2025-01-15T07:00:00Z'))).toBe(16);
      expect(limitAt(entry, at('2025-01-15T09:00:00Z'))).toBe(0);
    });
  });

  describe('periods that never run (Errata 3.44)', () => {
    it('never runs a period at or after duration; the profile is inactive after duration', () => {
      const entry = installed(
        daily('2025-01-06T00:00:00Z', 7200, [
          [0, 10],
          [3600, 20],
          [7200, 30],
        ]),
      );
      expect(limitAt(entry, at('2025-01-07T01:00:00Z'))).toBe(20);
      expect(limitAt(entry, at('2025-01-07T02:00:00Z'))).toBeNull();
      expect(limitAt(entry, at('2025-01-07T23:59:59Z'))).toBeNull();
    });

    it('never runs a period at or beyond the recurrence length', () => {
      const entry = installed(
        daily('2025-01-06T00:00:00Z', undefined, [
          [0, 10],
          [90_000, 30],
        ]),
      );
      expect(limitAt(entry, at('2025-01-07T01:00:00Z'))).toBe(10);
      expect(limitAt(entry, at('2025-01-06T23:59:59Z'))).toBe(10);
    });

    it('caps a duration longer than the recurrence at the recurrence', () => {
      const entry = installed(
        daily('2025-01-06T00:00:00Z', 100_000, [
          [0, 10],
          [86_400, 30],
        ]),
      );
      expect(limitAt(entry, at('2025-01-07T00:00:00Z'))).toBe(10);
    });

    it('holds the last period until duration ends when duration extends past it', () => {
      const entry = installed(daily('2025-01-06T00:00:00Z', 7200, [[0, 10]]));
      expect(limitAt(entry, at('2025-01-06T01:59:59Z'))).toBe(10);
      expect(limitAt(entry, at('2025-01-06T02:00:00Z'))).toBeNull();
    });
  });

  describe('Absolute and Relative schedules', () => {
    it('runs an Absolute schedule without duration indefinitely on its last period', () => {
      const entry = installed(
        aTxDefaultProfile({
          chargingSchedule: {
            startSchedule: '2025-01-06T00:00:00Z',
            chargingSchedulePeriod: periods([0, 10], [60, 20]),
          },
        }),
      );
      expect(limitAt(entry, at('2030-01-01T00:00:00Z'))).toBe(20);
    });

    it('ends an Absolute schedule at its duration', () => {
      const entry = installed(
        aTxDefaultProfile({
          chargingSchedule: {
            startSchedule: '2025-01-06T00:00:00Z',
            duration: 3600,
            chargingSchedulePeriod: periods([0, 10], [3600, 20]),
          },
        }),
      );
      expect(limitAt(entry, at('2025-01-06T00:59:59Z'))).toBe(10);
      expect(limitAt(entry, at('2025-01-06T01:00:00Z'))).toBeNull();
    });

    it('anchors a Relative schedule at the given relative anchor (transaction start)', () => {
      const entry = installed(
        aTxDefaultProfile({
          chargingProfileKind: 'Relative',
          chargingSchedule: { startSchedule: undefined, chargingSchedulePeriod: periods([0, 10], [600, 20]) },
        }),
      );
      expect(limitAt(entry, T0 + 599 * SECOND, T0)).toBe(10);
      expect(limitAt(entry, T0 + 600 * SECOND, T0)).toBe(20);
      expect(limitAt(entry, T0 - 1, T0)).toBeNull();
    });
  });

  describe('validity', () => {
    const entry = installed(
      aTxDefaultProfile({
        validFrom: '2025-01-07T00:00:00Z',
        validTo: '2025-01-08T00:00:00Z',
        chargingSchedule: { startSchedule: '2025-01-06T00:00:00Z', chargingSchedulePeriod: periods([0, 10]) },
      }),
    );

    it('is active from validFrom (inclusive) to validTo (exclusive)', () => {
      expect(limitAt(entry, at('2025-01-06T23:59:59Z'))).toBeNull();
      expect(limitAt(entry, at('2025-01-07T00:00:00Z'))).toBe(10);
      expect(limitAt(entry, at('2025-01-07T23:59:59Z'))).toBe(10);
      expect(limitAt(entry, at('2025-01-08T00:00:00Z'))).toBeNull();
    });

    it('is never active before it was installed', () => {
      const late = installed(aTxDefaultProfile({ chargingSchedule: { startSchedule: '2025-01-01T00:00:00Z' } }), 0, T0);
      expect(limitAt(late, T0 - 1)).toBeNull();
      expect(limitAt(late, T0)).toBe(16);
    });
  });

  describe('random delay', () => {
    it('shifts the schedule anchor, and every recurrence, by the drawn seconds', () => {
      const entry = installed(
        daily('2025-01-06T00:00:00Z', 86_400, [
          [0, 0],
          [1800, 32],
        ]),
        212,
      );
      expect(limitAt(entry, at('2025-01-06T00:03:31Z'))).toBeNull();
      expect(limitAt(entry, at('2025-01-06T00:03:32Z'))).toBe(0);
      expect(limitAt(entry, at('2025-01-07T00:33:31Z'))).toBe(0);
      expect(limitAt(entry, at('2025-01-07T00:33:32Z'))).toBe(32);
      expect(limitAt(entry, at('2025-01-07T00:03:31Z'))).toBe(32);
      expect(limitAt(entry, at('2025-01-07T00:03:32Z'))).toBe(0);
    });
  });
});
