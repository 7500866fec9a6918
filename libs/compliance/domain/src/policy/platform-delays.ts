import type { PlatformDelayBoundary, PlatformDelayView } from '@chargeplane/contracts-api';
import type { RelevantTimeDelay } from '@chargeplane/contracts-events';
import { sameProfile } from '@chargeplane/smart-charging-domain';
import { analyseSchedule } from '../delay/relevant-times.js';
import type { ChargerProfileView } from '../plan/plan-types.js';
import type { AppliedDelay, PolicyState } from './policy-state.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Where one recorded draw puts its relevant time next: the next nominal occurrence comes from the schedule's own
 * relevant-time analysis, asked `delaySeconds` before now so that a boundary whose nominal instant just passed but
 * whose delayed one lies ahead still shows. Null when it is behind us (an Absolute schedule's past boundary).
 */
function nextBoundary(applied: AppliedDelay, draw: RelevantTimeDelay, nowMs: number): PlatformDelayBoundary | null {
  const shown = (nominalAtMs: number | null, atWrite: boolean): PlatformDelayBoundary => ({
    change: draw.change,
    nominalStartPeriod: draw.nominalStartPeriod,
    nominalAt: iso(nominalAtMs),
    delayedAt: iso(nominalAtMs === null ? null : nominalAtMs + draw.delaySeconds * 1000),
    delaySeconds: draw.delaySeconds,
    boundSeconds: draw.boundSeconds,
    atWrite,
  });
  if (draw.installation) {
    // The write itself (rule G1) happened once, at the instant the draw recorded.
    const atMs = draw.nominalAt === null ? null : Date.parse(draw.nominalAt);
    return atMs !== null && atMs + draw.delaySeconds * 1000 < nowMs ? null : shown(atMs, true);
  }
  const relevant = analyseSchedule(applied.nominal, nowMs - draw.delaySeconds * 1000)?.relevant.find(
    (r) => r.point.at !== 'installation' && r.nominalOffset === draw.nominalStartPeriod && r.change === draw.change,
  );
  return relevant ? shown(relevant.nominalAtMs, false) : null;
}

const soonest = (a: PlatformDelayBoundary, b: PlatformDelayBoundary) =>
  (a.delayedAt === null ? Infinity : Date.parse(a.delayedAt)) -
    (b.delayedAt === null ? Infinity : Date.parse(b.delayedAt)) || a.nominalStartPeriod - b.nominalStartPeriod;

/**
 * The platform's random delays (reg 11, §4.3) as they stand at `nowMs`: for each profile id whose desired profile
 * is the one the platform delivered with its draws, the boundaries still ahead with the exact delay recorded in
 * `RandomisedDelayApplied`. A profile replaced since (by the CPO, or not yet re-desired after a new draw) shows
 * nothing until the charger stream carries the delivered profile.
 */
export function platformDelays(
  state: PolicyState,
  profiles: readonly ChargerProfileView[],
  nowMs: number,
): PlatformDelayView[] {
  const desired = new Map(profiles.map((p) => [p.chargingProfileId, p.desired]));
  return Object.entries(state.applied)
    .map(([id, applied]) => ({ chargingProfileId: Number(id), applied }))
    .filter(({ chargingProfileId, applied }) => {
      const current = desired.get(chargingProfileId) ?? null;
      return applied.delayed && current !== null && sameProfile(current, applied.delivered);
    })
    .flatMap(({ chargingProfileId, applied }): PlatformDelayView[] => {
      const boundaries = applied.draws
        .map((draw) => nextBoundary(applied, draw, nowMs))
        .filter((b): b is PlatformDelayBoundary => b !== null)
        .sort(soonest);
      if (boundaries.length === 0) return [];
      return [
        {
          chargingProfileId,
          connectorId: applied.connectorId,
          drawnAt: new Date(applied.atMs).toISOString(),
          maxDelaySeconds: applied.maxDelaySeconds,
          boundaries,
          repeatsEverySeconds: analyseSchedule(applied.nominal, nowMs)?.cycleSeconds ?? null,
          redrawAt: iso(applied.refreshAtMs),
        },
      ];
    })
    .sort((a, b) => a.chargingProfileId - b.chargingProfileId);
}
