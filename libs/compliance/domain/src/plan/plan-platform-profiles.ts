import { OFF_PEAK_DEFAULT_PROFILE_ID } from '@chargeplane/contracts-events';
import { sameProfile } from '@chargeplane/smart-charging-domain';
import { analyseSchedule } from '../delay/relevant-times.js';
import type { PolicyState } from '../policy/policy-state.js';
import { standingExemption } from './plan-device-delay.js';
import { isHeldRemoval } from './plan-removals.js';
import {
  earliest,
  type ChargerProfileView,
  type PlanOptions,
  type PlanPart,
  type PlannedAction,
} from './plan-types.js';

const CYCLE_MS = { Daily: 86_400_000, Weekly: 604_800_000 } as const;

/**
 * While the platform delays, every desired profile must carry the platform's own delays: one desired
 * before the switch (or while an exemption held) is delayed and re-issued; a recurring one is drawn
 * again when its refresh is due (daily); all of them again when the maximum changed. The off-peak
 * default is kept by its own plan. A decision younger than the retry interval is waited for. A standing exemption (DSR response, override until further notice)
 * leaves them as they are.
 */
export function planPlatformProfiles(
  state: PolicyState,
  profiles: readonly ChargerProfileView[],
  nowMs: number,
  o: PlanOptions,
): PlanPart {
  const s = state.settings;
  if (!state.platformDelayActive || standingExemption(state)) return { actions: [], wakeAtMs: null };
  const actions: PlannedAction[] = [];
  let wakeAtMs: number | null = null;
  for (const view of profiles) {
    const current = view.desired;
    if (current === null || view.chargingProfileId === OFF_PEAK_DEFAULT_PROFILE_ID || isHeldRemoval(state, view))
      continue;
    const applied = state.applied[view.chargingProfileId];
    const ours = applied !== undefined && sameProfile(current, applied.delivered);
    // Just decided: the charger stream has not caught up with what was handed to profile-command yet.
    if (!ours && applied !== undefined && nowMs < applied.atMs + o.retrySeconds * 1000) {
      wakeAtMs = earliest(wakeAtMs, applied.atMs + o.retrySeconds * 1000);
      continue;
    }
    const nominal = ours ? applied.nominal : current;
    const redelay = (trigger: Extract<PlannedAction, { kind: 'redelay-profile' }>['trigger']) =>
      actions.push({ kind: 'redelay-profile', connectorId: view.connectorId, nominal, current, trigger });
    if (!ours) {
      if ((analyseSchedule(current, nowMs)?.relevant.length ?? 0) > 0) redelay('platform-activation');
      continue;
    }
    if (applied.maxDelaySeconds !== s.randomisedDelay.maxDelaySeconds && applied.delayed) {
      redelay('policy-changed');
      continue;
    }
    // An exemption that no longer holds; a used-up next-relevant-time override stands (for a day if recurring).
    const refreshAtMs = applied.delayed
      ? applied.refreshAtMs
      : applied.overrideConsumed
        ? nominal.recurrencyKind
          ? applied.atMs + CYCLE_MS[nominal.recurrencyKind]
          : null
        : nowMs;
    if (refreshAtMs === null) continue;
    if (refreshAtMs <= nowMs) {
      if ((analyseSchedule(nominal, nowMs)?.relevant.length ?? 0) > 0)
        redelay(applied.delayed || applied.overrideConsumed ? 'daily-refresh' : 'policy-changed');
    } else wakeAtMs = earliest(wakeAtMs, refreshAtMs);
  }
  return { actions, wakeAtMs };
}
