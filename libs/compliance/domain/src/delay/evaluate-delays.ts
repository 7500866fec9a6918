import type { DelayExemptionReason } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { applyDelays, delayBound, type DeliveredTime, type Draw } from './apply-delays.js';
import {
  assertHoldFits,
  delayInstallation,
  holdUntilStart,
  installationChange,
  type InstallationChange,
  type InstallationContext,
} from './installation-delay.js';
import type { RandomSource } from './random-source.js';
import { analyseSchedule, type RelevantTime } from './relevant-times.js';

export interface DelayRequest {
  profile: ChargingProfile;
  nowMs: number;
  maxDelaySeconds: number;
  /** An exemption covering every relevant time (DSR response, a standing owner override), or null. */
  exemptAll: DelayExemptionReason | null;
  /** The owner overrode the next relevant time only. */
  exemptNext: boolean;
  random: RandomSource;
  /** Where the profile is written and what the charger confirmed there (the installation change), or null. */
  installation: InstallationContext | null;
}

export interface TimeExemption {
  relevant: RelevantTime;
  reason: DelayExemptionReason;
}

export type DelayOutcome =
  | { kind: 'nothing-to-delay' }
  | { kind: 'exempt'; reason: DelayExemptionReason; exemptions: TimeExemption[]; overrideUsed: boolean }
  | {
      kind: 'delayed';
      profile: ChargingProfile;
      delays: DeliveredTime[];
      exemptions: TimeExemption[];
      overrideUsed: boolean;
      refreshAtMs: number | null;
      /** How the change at the moment of installation was held back (null: the write changes nothing then). */
      installation: InstallationChange | null;
    };

const REFRESH_NOT_BEFORE_MS = 3_600_000;

/** The relevant time that comes first (a Relative schedule's, in schedule order). */
function earliest(relevant: readonly RelevantTime[]): RelevantTime | undefined {
  return [...relevant].sort((a, b) => (a.nominalAtMs ?? a.nominalOffset) - (b.nominalAtMs ?? b.nominalOffset))[0];
}

/**
 * Decides the platform delay of a profile's relevant times: each gets its own independent draw, uniform
 * over whole seconds 0..bound (bound = the maximum, or less where the next boundary is nearer), unless an
 * exemption covers it. The delivered profile has exactly the periods of the nominal one.
 */
export function decideDelays(request: DelayRequest): DelayOutcome {
  const analysis = analyseSchedule(request.profile, request.nowMs);
  if (!analysis) return { kind: 'nothing-to-delay' };
  // The change at installation depends on where the other relevant times land: it is found afterwards.
  const undelayed = request.installation
    ? installationChange(request.profile, request.profile, request.nowMs, request.installation)
    : null;
  const relevant = [...analysis.relevant, ...(undelayed ? [undelayed.relevant] : [])];
  if (relevant.length === 0) return { kind: 'nothing-to-delay' };
  if (request.exemptAll) {
    return {
      kind: 'exempt',
      reason: request.exemptAll,
      exemptions: relevant.map((r) => ({ relevant: r, reason: request.exemptAll! })),
      overrideUsed: false,
    };
  }
  const overridden = request.exemptNext ? earliest(relevant) : undefined;
  const exemptions: TimeExemption[] = overridden ? [{ relevant: overridden, reason: 'owner-override' }] : [];
  const toDelay = analysis.relevant.filter((r) => r !== overridden);
  const installationExempt = undelayed !== null && overridden === undelayed.relevant;
  if (toDelay.length === 0 && (undelayed === null || installationExempt))
    return { kind: 'exempt', reason: 'owner-override', exemptions, overrideUsed: true };
  const draws: Draw[] = toDelay.map((relevant) => {
    const boundSeconds = delayBound(relevant, request.maxDelaySeconds);
    return { relevant, boundSeconds, delaySeconds: request.random.int(boundSeconds) };
  });
  const scheduled = applyDelays(request.profile, analysis, draws, request.nowMs);
  let profile = scheduled.profile;
  let delays = [...scheduled.delivered];
  const change =
    request.installation && !installationExempt
      ? installationChange(request.profile, profile, request.nowMs, request.installation)
      : null;
  const waiting = request.installation && !change ? holdUntilStart(profile, request.nowMs, request.installation) : null;
  if (waiting) {
    assertHoldFits(profile, waiting, request.installation!);
    // Offsets in the delivered schedule now count from the installation instant.
    const lead =
      (Date.parse(profile.chargingSchedule.startSchedule!) - Date.parse(waiting.chargingSchedule.startSchedule!)) /
      1000;
    delays = delays.map((d) => ({ ...d, startPeriod: d.startPeriod + lead }));
    profile = waiting;
  }
  if (change) {
    const boundSeconds = delayBound(change.relevant, request.maxDelaySeconds);
    const delaySeconds = request.random.int(boundSeconds);
    const held = delayInstallation(profile, change, delaySeconds);
    assertHoldFits(profile, held.profile, request.installation!);
    profile = held.profile;
    delays.push({ relevant: change.relevant, boundSeconds, delaySeconds, startPeriod: held.startPeriod });
  }
  if (delays.length === 0)
    return overridden
      ? { kind: 'exempt', reason: 'owner-override', exemptions, overrideUsed: true }
      : { kind: 'nothing-to-delay' };
  const refreshAtMs =
    analysis.cycleSeconds === null
      ? null
      : quietRefreshTime(profile, analysis.cycleSeconds, request.nowMs, request.random, holdEndMs(change, delays));
  return {
    kind: 'delayed',
    profile,
    delays,
    exemptions,
    overrideUsed: overridden !== undefined,
    refreshAtMs,
    installation: change,
  };
}

/** A hold inside a recurring cycle must be gone before it comes round again: the refresh re-issues without it. */
function holdEndMs(change: InstallationChange | null, delays: readonly DeliveredTime[]): number | null {
  if (change === null || change.method !== 'hold') return null;
  const drawn = delays.find((d) => d.relevant === change.relevant)?.delaySeconds ?? 0;
  return drawn === 0 ? null : change.atMs + drawn * 1000;
}

/**
 * When to draw a recurring schedule's delays again (§4.3: once a day): a random
 * instant in the middle half of the schedule's longest steady stretch, so the re-issued profile lands far
 * from every boundary and the fleet's re-issues are spread out; at least an hour from now.
 */
export function quietRefreshTime(
  delivered: ChargingProfile,
  cycleSeconds: number,
  nowMs: number,
  random: RandomSource,
  holdEndMs: number | null = null,
): number {
  const schedule = delivered.chargingSchedule;
  const anchorMs = Date.parse(schedule.startSchedule ?? '');
  const points = schedule.chargingSchedulePeriod.map((p) => p.startPeriod);
  if (schedule.duration !== undefined && schedule.duration < cycleSeconds) points.push(schedule.duration);
  const sorted = [...new Set(points.map((p) => ((p % cycleSeconds) + cycleSeconds) % cycleSeconds))].sort(
    (a, b) => a - b,
  );
  let best = { from: 0, length: 0 };
  sorted.forEach((from, i) => {
    const to = sorted[i + 1] ?? sorted[0]! + cycleSeconds;
    if (to - from > best.length) best = { from, length: to - from };
  });
  const offset = best.from + Math.floor(best.length / 4) + random.int(Math.max(0, Math.floor(best.length / 2)));
  // After a hold (rule G1) the refresh comes once it is over and before it comes round again.
  const earliestMs = holdEndMs === null ? nowMs + REFRESH_NOT_BEFORE_MS : holdEndMs + 60_000;
  const first = anchorMs + offset * 1000;
  const at =
    first >= earliestMs ? first : first + Math.ceil((earliestMs - first) / (cycleSeconds * 1000)) * cycleSeconds * 1000;
  return holdEndMs !== null && at >= nowMs + cycleSeconds * 1000 - REFRESH_NOT_BEFORE_MS ? earliestMs : at;
}
