import type { PlatformDelayView } from '@chargeplane/contracts-api';

/**
 * A boundary of the expected schedule moved by the GB random delay. `platform`: drawn by the platform, as
 * GET …/compliance reports it (the exact delay, from the audit event). `guessed`: the charger delays by itself
 * (device mode) or the draw is not known, and the boundary lies off the whole minute it was most likely set for:
 * at least `delaySeconds` were added, by whom is not known.
 */
export interface ShiftedBoundary {
  source: 'platform' | 'guessed';
  atMs: number;
  /** Where the boundary was before the delay (guessed: the whole minute before it). */
  nominalAtMs: number;
  delaySeconds: number;
  /** The profile the platform delayed (null when guessed). */
  chargingProfileId: number | null;
}

export interface DelayMarksRequest {
  connectorId: number;
  fromMs: number;
  toMs: number;
  /** GET …/compliance's `platformDelays`. */
  platformDelays: readonly PlatformDelayView[];
  /** Who applies the delay now (null: not known yet, or not a GB charger). */
  delayBy: 'platform' | 'device' | null;
  /** The instants where the expected limit changes (confirmed and desired series). */
  steps: readonly number[];
}

/**
 * The platform's draws within [fromMs, toMs] on this connector (a connector-0 profile counts for every
 * connector). A recurring schedule's boundaries come round again every cycle with the same delay until the
 * re-draw; the write's own delay (rule G1) happens once.
 */
export function platformMarks(r: Omit<DelayMarksRequest, 'steps' | 'delayBy'>): ShiftedBoundary[] {
  const marks: ShiftedBoundary[] = [];
  for (const view of r.platformDelays) {
    if (view.connectorId !== r.connectorId && view.connectorId !== 0) continue;
    const redrawMs = view.redrawAt === null ? Infinity : Date.parse(view.redrawAt);
    for (const b of view.boundaries) {
      if (b.nominalAt === null || b.delayedAt === null) continue; // a Relative schedule: not placed in time
      const cycleMs = b.atWrite || view.repeatsEverySeconds === null ? null : view.repeatsEverySeconds * 1000;
      for (let k = 0; ; k++) {
        const shift = cycleMs === null ? 0 : k * cycleMs;
        const atMs = Date.parse(b.delayedAt) + shift;
        const nominalAtMs = Date.parse(b.nominalAt) + shift;
        if (atMs > r.toMs || (k > 0 && nominalAtMs >= redrawMs)) break;
        if (atMs >= r.fromMs)
          marks.push({
            source: 'platform',
            atMs,
            nominalAtMs,
            delaySeconds: b.delaySeconds,
            chargingProfileId: view.chargingProfileId,
          });
        if (cycleMs === null) break;
      }
    }
  }
  return marks.sort((a, b) => a.atMs - b.atMs || (a.chargingProfileId ?? 0) - (b.chargingProfileId ?? 0));
}

/**
 * Every boundary moved by a GB random delay. The platform's draws are exact; the old "seconds past the whole
 * minute" guess stays only where the platform does not apply the delay (device mode, or not known yet), for
 * boundaries no platform draw explains.
 */
export function delayMarks(r: DelayMarksRequest): ShiftedBoundary[] {
  const exact = platformMarks(r);
  if (r.delayBy === 'platform') return exact;
  const explained = new Set(exact.map((m) => m.atMs));
  const guessed = [...new Set(r.steps)]
    .filter((atMs) => atMs > r.fromMs && atMs <= r.toMs && atMs % 60_000 !== 0 && !explained.has(atMs))
    .map((atMs): ShiftedBoundary => ({
      source: 'guessed',
      atMs,
      nominalAtMs: atMs - (atMs % 60_000),
      delaySeconds: Math.round((atMs % 60_000) / 1000),
      chargingProfileId: null,
    }));
  return [...exact, ...guessed].sort((a, b) => a.atMs - b.atMs);
}

const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** One mark in words: "08:00:00 → 08:02:17 UTC, +137 s (platform draw, profile 7)". */
export function describeMark(m: ShiftedBoundary): string {
  return m.source === 'platform'
    ? `${hhmmss(m.nominalAtMs)} → ${hhmmss(m.atMs)} UTC, +${m.delaySeconds} s (platform draw, profile ${m.chargingProfileId})`
    : `${hhmmss(m.atMs)} UTC, at least +${m.delaySeconds} s past the minute (guessed)`;
}

/** The marks for the chart's text alternative, platform draws and guesses told apart. */
export function describeMarks(marks: readonly ShiftedBoundary[]): string {
  const platform = marks.filter((m) => m.source === 'platform').map(describeMark);
  const guessed = marks.filter((m) => m.source === 'guessed').map(describeMark);
  return [
    platform.length ? ` Moved by the platform's random delay: ${platform.join('; ')}.` : '',
    guessed.length ? ` Off the whole minute, delay guessed: ${guessed.join('; ')}.` : '',
  ].join('');
}
