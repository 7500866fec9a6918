import { sameProfile } from '@chargeplane/smart-charging-domain';
import { analyseSchedule } from '../delay/relevant-times.js';
import { deviceDelayOn, isZeroDelay, type PolicyState } from '../policy/policy-state.js';
import type { ChargerProfileView, PlanOptions, PlanPart, PlannedAction } from './plan-types.js';
import { isHeldRemoval } from './plan-removals.js';

/** An exemption that covers every relevant time while it holds (DSR response, override until further notice). */
export const standingExemption = (state: PolicyState): boolean =>
  state.settings.dsrResponseActive || state.settings.ownerOverride?.scope === 'until-further-notice';

/**
 * Whether the charger may lose its own delay: every profile it holds or will hold carries the platform's
 * delays (or has no relevant time left, or is covered by an exemption), and the charger holds exactly that (the
 * ledger's in-sync answer: a write of unknown outcome may have replaced what it confirmed, L8).
 */
export function platformDelayInForce(
  state: PolicyState,
  profiles: readonly ChargerProfileView[],
  nowMs: number,
): boolean {
  return profiles.every((p) => {
    if (!p.inSync) return false;
    if (p.desired === null) return true;
    if (isHeldRemoval(state, p)) return true;
    const applied = state.applied[p.chargingProfileId];
    if (applied && sameProfile(p.desired, applied.delivered))
      return applied.delayed || applied.overrideConsumed || standingExemption(state);
    return (analyseSchedule(p.desired, nowMs)?.relevant.length ?? 0) === 0;
  });
}

/**
 * The charger's RandomSmartChargeDelay: in device mode it must be on (restore the last non-zero reading,
 * else the policy maximum); in platform mode it goes to "0" only once the platform delay is in force on
 * the charger. Nothing is written before the charger has reported its configuration, nor to a key it does
 * not know; a request is repeated only after `retrySeconds`, a refused value after `refusedRetrySeconds`.
 */
export function planDeviceDelay(
  state: PolicyState,
  profiles: readonly ChargerProfileView[],
  nowMs: number,
  o: PlanOptions,
): PlanPart {
  const d = state.deviceDelay;
  if (d.reportedAtMs === null || d.keyUnknown) return { actions: [], wakeAtMs: null };
  let action: Extract<PlannedAction, { kind: 'set-device-delay' }>;
  if (state.settings.randomisedDelay.mode === 'platform') {
    if (d.reported !== null && isZeroDelay(d.reported)) return { actions: [], wakeAtMs: null };
    if (!state.platformDelayActive || !platformDelayInForce(state, profiles, nowMs))
      return { actions: [], wakeAtMs: null };
    action = { kind: 'set-device-delay', value: '0', valueSource: 'platform-delay', reason: 'platform-delay-active' };
  } else {
    if (deviceDelayOn(d.reported)) return { actions: [], wakeAtMs: null };
    const value = d.lastNonZero ?? String(state.settings.randomisedDelay.maxDelaySeconds);
    const reason = state.platformDelayActive
      ? 'device-mode-restored'
      : d.reported === null
        ? 'device-delay-missing'
        : 'device-delay-disabled';
    action = {
      kind: 'set-device-delay',
      value,
      valueSource: d.lastNonZero === null ? 'policy-maximum' : 'previous-reading',
      reason,
    };
  }
  if (d.pending?.value === action.value && nowMs < d.pending.atMs + o.retrySeconds * 1000) {
    return { actions: [], wakeAtMs: d.pending.atMs + o.retrySeconds * 1000 };
  }
  if (d.refused?.value === action.value && nowMs < d.refused.atMs + o.refusedRetrySeconds * 1000) {
    return { actions: [], wakeAtMs: d.refused.atMs + o.refusedRetrySeconds * 1000 };
  }
  return { actions: [action], wakeAtMs: null };
}
