import type { PlatformDelayView, Twin } from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { compositeSeries, describeSeries } from './composite-series.js';
import { platformMarks } from './delay-marks.js';

// A Monday in GMT (London = UTC), 06:00: the test's own clock.
const now = Date.parse('2026-03-02T06:00:00Z');
const at = (hhmmss: string, day = 0) => Date.parse(`2026-03-0${2 + day}T${hhmmss}Z`);
const iso = (ms: number) => new Date(ms).toISOString();

/** Delivered by the platform: 16 A, then 0 A from 08:00 moved by `delaySeconds` (the period starts that much later). */
const delivered = (delaySeconds: number): ChargingProfile => ({
  chargingProfileId: 7,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule: iso(now),
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: 2 * 3600 + delaySeconds, limit: 0 },
    ],
  },
});

/** GET …/compliance's entry for that profile: the 08:00 fall moved by `delaySeconds`. */
const drawn = (delaySeconds: number, overrides: Partial<PlatformDelayView> = {}): PlatformDelayView => ({
  chargingProfileId: 7,
  connectorId: 1,
  drawnAt: iso(now - 60_000),
  maxDelaySeconds: 600,
  boundaries: [
    {
      change: 'decrease',
      nominalStartPeriod: 7200,
      nominalAt: iso(at('08:00:00')),
      delayedAt: iso(at('08:00:00') + delaySeconds * 1000),
      delaySeconds,
      boundSeconds: 600,
      atWrite: false,
    },
  ],
  repeatsEverySeconds: null,
  redrawAt: null,
  ...overrides,
});

type Profile = Twin['profiles'][number];
const twinHolding = (p: ChargingProfile) => ({
  profiles: [
    {
      connectorId: 1,
      chargingProfileId: p.chargingProfileId,
      purpose: p.chargingProfilePurpose,
      desired: p as unknown as Profile['desired'],
      confirmed: p as unknown as Profile['confirmed'],
      sync: 'in-sync' as const,
      lastError: null,
    },
  ],
  transactions: [],
  jurisdiction: 'GB' as const,
});

const seriesOf = (p: ChargingProfile, compliance?: Parameters<typeof compositeSeries>[0]['compliance']) =>
  compositeSeries({
    twin: twinHolding(p),
    connectorId: 1,
    nowMs: now,
    hours: 24,
    ...(compliance ? { compliance } : {}),
  });

describe('Boundaries the GB random delay moved, on the expected schedule', () => {
  describe('when the platform applies the delay', () => {
    it('marks the boundary the platform moved with its exact draw, and says so in the text alternative', () => {
      const series = seriesOf(delivered(137), { platformDelayActive: true, platformDelays: [drawn(137)] });
      expect(series.delayBy).toBe('platform');
      expect(series.shifted).toEqual([
        {
          source: 'platform',
          atMs: at('08:02:17'),
          nominalAtMs: at('08:00:00'),
          delaySeconds: 137,
          chargingProfileId: 7,
        },
      ]);
      expect(describeSeries(series)).toContain(
        "Moved by the platform's random delay: 08:00:00 → 08:02:17 UTC, +137 s (platform draw, profile 7).",
      );
    });

    it('marks a draw that lands on a whole minute too, which no guess from the seconds could see', () => {
      const series = seriesOf(delivered(120), { platformDelayActive: true, platformDelays: [drawn(120)] });
      expect(series.shifted.map((m) => [m.source, m.atMs, m.delaySeconds])).toEqual([
        ['platform', at('08:02:00'), 120],
      ]);
    });

    it('guesses nothing: a boundary off the minute that no draw explains is the CPO’s own', () => {
      const series = seriesOf(delivered(137), { platformDelayActive: true, platformDelays: [] });
      expect(series.shifted).toEqual([]);
      expect(describeSeries(series)).not.toContain('guessed');
    });
  });

  describe('when the charger applies the delay itself (device mode)', () => {
    it('keeps the platform’s earlier draws exact and guesses only where no draw explains the boundary', () => {
      const series = seriesOf(delivered(137), { platformDelayActive: false, platformDelays: [drawn(137)] });
      expect(series.delayBy).toBe('device');
      expect(series.shifted.map((m) => m.source)).toEqual(['platform']);
      const unexplained = seriesOf(delivered(137), { platformDelayActive: false, platformDelays: [] });
      expect(unexplained.shifted).toEqual([
        {
          source: 'guessed',
          atMs: at('08:02:17'),
          nominalAtMs: at('08:02:00'),
          delaySeconds: 17,
          chargingProfileId: null,
        },
      ]);
      expect(describeSeries(unexplained)).toContain(
        'Off the whole minute, delay guessed: 08:02:17 UTC, at least +17 s past the minute (guessed).',
      );
    });
  });

  describe('placing the draws in the chart’s range', () => {
    const range = { connectorId: 1, fromMs: now, toMs: now + 48 * 3_600_000 };

    it('repeats a recurring schedule’s boundary every cycle with the same delay, until its re-draw', () => {
      const daily = drawn(90, { repeatsEverySeconds: 86_400, redrawAt: iso(at('20:00:00', 1)) });
      expect(platformMarks({ ...range, platformDelays: [daily] }).map((m) => m.atMs)).toEqual([
        at('08:01:30'),
        at('08:01:30', 1),
      ]);
      const redrawnSooner = drawn(90, { repeatsEverySeconds: 86_400, redrawAt: iso(at('20:00:00')) });
      expect(platformMarks({ ...range, platformDelays: [redrawnSooner] }).map((m) => m.atMs)).toEqual([at('08:01:30')]);
    });

    it('never repeats the write’s own delay (rule G1), which happened once', () => {
      const base = drawn(45);
      const atWrite = drawn(45, {
        repeatsEverySeconds: 86_400,
        redrawAt: null,
        boundaries: [{ ...base.boundaries[0]!, atWrite: true }],
      });
      expect(platformMarks({ ...range, platformDelays: [atWrite] })).toHaveLength(1);
    });

    it('shows a profile of its own connector or of the whole charger (connector 0), not of another connector', () => {
      const marks = platformMarks({
        ...range,
        platformDelays: [drawn(10, { connectorId: 2 }), drawn(20, { connectorId: 0, chargingProfileId: 8 })],
      });
      expect(marks.map((m) => [m.chargingProfileId, m.delaySeconds])).toEqual([[8, 20]]);
    });

    it('leaves out a Relative schedule’s draws, which count from a transaction start and have no instant', () => {
      const relative = drawn(30);
      relative.boundaries[0] = { ...relative.boundaries[0]!, nominalAt: null, delayedAt: null };
      expect(platformMarks({ ...range, platformDelays: [relative] })).toEqual([]);
    });
  });
});
