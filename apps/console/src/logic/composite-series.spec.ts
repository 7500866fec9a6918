import type { Twin } from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { compositeSeries, describeSeries, limitAt } from './composite-series.js';

// A Monday in GMT (London = UTC): peak hours 08:00–11:00 and 16:00–22:00 UTC.
const monday6am = Date.parse('2026-03-02T06:00:00Z');
const HOUR = 3_600_000;

const txDefault = (id: number, limits: [number, number][], startSchedule: string, stackLevel = 0): ChargingProfile => ({
  chargingProfileId: id,
  stackLevel,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule,
    chargingRateUnit: 'A',
    chargingSchedulePeriod: limits.map(([startPeriod, limit]) => ({ startPeriod, limit })),
  },
});

type Profile = Twin['profiles'][number];
const entry = (p: ChargingProfile, desired: ChargingProfile | null, confirmed: ChargingProfile | null): Profile => ({
  connectorId: 1,
  chargingProfileId: p.chargingProfileId,
  purpose: p.chargingProfilePurpose,
  desired: desired as unknown as Profile['desired'],
  confirmed: confirmed as unknown as Profile['confirmed'],
  sync: desired === confirmed ? 'in-sync' : 'dispatched',
  lastError: null,
});

const twinWith = (profiles: Profile[], jurisdiction: 'GB' | null = 'GB') => ({
  profiles,
  transactions: [],
  jurisdiction,
});

describe('compositeSeries: the expected limit over the next hours, confirmed and desired', () => {
  it('steps the confirmed limit at each period boundary and keeps the desired one beside it', () => {
    const start = new Date(monday6am).toISOString();
    const confirmed = txDefault(
      1,
      [
        [0, 16],
        [2 * 3600, 8],
      ],
      start,
    );
    const desired = txDefault(1, [[0, 10]], start);
    const series = compositeSeries({
      twin: twinWith([entry(confirmed, desired, confirmed)]),
      connectorId: 1,
      nowMs: monday6am,
      hours: 24,
    });
    expect(series.confirmed).toEqual([
      { atMs: monday6am, limit: 16 },
      { atMs: monday6am + 2 * HOUR, limit: 8 },
    ]);
    expect(series.desired).toEqual([{ atMs: monday6am, limit: 10 }]);
    expect(limitAt(series.confirmed, monday6am + 3 * HOUR)).toBe(8);
    expect(series.unit).toBe('A');
  });

  it('takes the higher stack level where two profiles of one purpose overlap (the platform rule, not a copy)', () => {
    const start = new Date(monday6am).toISOString();
    const low = txDefault(1, [[0, 16]], start, 0);
    const high = txDefault(
      2,
      [
        [0, 6],
        [3600, 12],
      ],
      start,
      1,
    );
    const series = compositeSeries({
      twin: twinWith([entry(low, low, low), entry(high, high, high)], null),
      connectorId: 1,
      nowMs: monday6am,
      hours: 2,
    });
    expect(series.confirmed).toEqual([
      { atMs: monday6am, limit: 6 },
      { atMs: monday6am + HOUR, limit: 12 },
    ]);
    expect(series.peaks).toEqual([]);
  });

  it('shades the GB weekday peak hours within the range', () => {
    const series = compositeSeries({ twin: twinWith([]), connectorId: 1, nowMs: monday6am, hours: 24 });
    expect(series.peaks).toEqual([
      [Date.parse('2026-03-02T08:00:00Z'), Date.parse('2026-03-02T11:00:00Z')],
      [Date.parse('2026-03-02T16:00:00Z'), Date.parse('2026-03-02T22:00:00Z')],
    ]);
    expect(series.confirmed).toEqual([{ atMs: monday6am, limit: null }]);
  });

  it("shades the owner's own blocked windows instead when given", () => {
    const series = compositeSeries({
      twin: twinWith([]),
      connectorId: 1,
      nowMs: monday6am,
      hours: 24,
      blockedWindows: [{ from: '17:00', to: '19:00' }],
    });
    expect(series.peaks).toEqual([[Date.parse('2026-03-02T17:00:00Z'), Date.parse('2026-03-02T19:00:00Z')]]);
  });

  it('guesses boundaries a GB random delay moved off the minute while the delay mode is not known, and only for GB chargers', () => {
    const start = new Date(monday6am).toISOString();
    // Delivered with a 137 s delay on the 08:00 boundary (as compliance-gb stores a delayed profile).
    const delayed = txDefault(
      1,
      [
        [0, 16],
        [2 * 3600 + 137, 0],
      ],
      start,
    );
    const gb = compositeSeries({
      twin: twinWith([entry(delayed, delayed, delayed)]),
      connectorId: 1,
      nowMs: monday6am,
      hours: 24,
    });
    expect(gb.shifted).toEqual([
      {
        source: 'guessed',
        atMs: Date.parse('2026-03-02T08:02:17Z'),
        nominalAtMs: Date.parse('2026-03-02T08:02:00Z'),
        delaySeconds: 17,
        chargingProfileId: null,
      },
    ]);
    expect(gb.delayBy).toBeNull();
    const other = compositeSeries({
      twin: twinWith([entry(delayed, delayed, delayed)], null),
      connectorId: 1,
      nowMs: monday6am,
      hours: 24,
    });
    expect(other.shifted).toEqual([]);
  });

  it('states the limits in words for the chart text alternative', () => {
    const start = new Date(monday6am).toISOString();
    const p = txDefault(
      1,
      [
        [0, 16],
        [3600, 8],
      ],
      start,
    );
    const text = describeSeries(
      compositeSeries({ twin: twinWith([entry(p, p, p)]), connectorId: 1, nowMs: monday6am, hours: 24 }),
    );
    expect(text).toBe(
      'Expected limit on connector 1, confirmed: from 06:00 UTC 16 A; from 07:00 UTC 8 A. Desired: from 06:00 UTC 16 A; from 07:00 UTC 8 A. Peak hours: 08:00–11:00 UTC, 16:00–22:00 UTC.',
    );
  });
});
