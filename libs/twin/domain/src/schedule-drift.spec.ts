import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { CompositeInput } from './expected-composite.js';
import { scheduleDifferences } from './schedule-drift.js';
import { T0 } from './test-builders.js';

const HOUR = 3600;
const absolute = (
  periods: { startPeriod: number; limit: number }[],
  start = '2026-11-25T10:00:00Z',
): ChargingProfile => ({
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { startSchedule: start, chargingRateUnit: 'A', chargingSchedulePeriod: periods },
});
const input = (profile: ChargingProfile | null): CompositeInput => ({
  profiles: profile ? [{ connectorId: 1, profile }] : [],
  connectorId: 1,
  fromMs: T0,
  unit: 'A',
  transaction: null,
});
const exact = { settleSeconds: 0, tolerance: 0.05 };
const twoSteps = absolute([
  { startPeriod: 0, limit: 16 },
  { startPeriod: HOUR, limit: 10 },
]);

describe('Schedule drift', () => {
  it('finds nothing when the charger reports what the profiles imply', () => {
    const reported = {
      unit: 'A' as const,
      durationSeconds: 86_400,
      periods: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: HOUR, limit: 10 },
      ],
    };
    expect(scheduleDifferences(input(twoSteps), reported, exact)).toEqual([]);
  });

  it('reports the seconds where the limits differ, merged', () => {
    const reported = {
      unit: 'A' as const,
      durationSeconds: 86_400,
      periods: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 1800, limit: 6 },
        { startPeriod: HOUR, limit: 6 },
      ],
    };
    expect(scheduleDifferences(input(twoSteps), reported, exact)).toEqual([
      { fromSecond: 1800, toSecond: HOUR, expected: 16, reported: 6 },
      { fromSecond: HOUR, toSecond: 86_400, expected: 10, reported: 6 },
    ]);
  });

  it('accepts a change applied late within the charger’s own randomised delay, and not beyond it', () => {
    const late = {
      unit: 'A' as const,
      durationSeconds: 86_400,
      periods: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: HOUR + 300, limit: 10 },
      ],
    };
    expect(scheduleDifferences(input(twoSteps), late, { settleSeconds: 600, tolerance: 0.05 })).toEqual([]);
    expect(scheduleDifferences(input(twoSteps), late, exact)).toEqual([
      { fromSecond: HOUR, toSecond: HOUR + 300, expected: 10, reported: 16 },
    ]);
  });

  it('accepts the previous limit at the start when a change just before it is still settling', () => {
    const p = absolute(
      [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 100, limit: 10 },
      ],
      '2026-11-25T09:58:20Z',
    );
    const reported = {
      unit: 'A' as const,
      durationSeconds: 3600,
      periods: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 200, limit: 10 },
      ],
    };
    expect(scheduleDifferences(input(p), reported, { settleSeconds: 600, tolerance: 0.05 })).toEqual([]);
  });

  it('does not compare seconds where no profile limits the connector (the hardware maximum is unknown)', () => {
    const reported = { unit: 'A' as const, durationSeconds: 3600, periods: [{ startPeriod: 0, limit: 32 }] };
    expect(scheduleDifferences(input(null), reported, exact)).toEqual([]);
  });

  it('compares a report in W with expectations in A at the nominal voltage', () => {
    const reported = {
      unit: 'W' as const,
      durationSeconds: 7200,
      periods: [
        { startPeriod: 0, limit: 11040 },
        { startPeriod: HOUR, limit: 6900 },
      ],
    };
    expect(scheduleDifferences(input(twoSteps), reported, exact)).toEqual([]);
  });

  it('only compares up to the duration the charger reported', () => {
    const reported = { unit: 'A' as const, durationSeconds: 1800, periods: [{ startPeriod: 0, limit: 16 }] };
    expect(scheduleDifferences(input(twoSteps), reported, exact)).toEqual([]);
  });
});
