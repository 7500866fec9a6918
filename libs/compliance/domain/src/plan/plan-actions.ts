import type { PolicyState } from '../policy/policy-state.js';
import { planDeviceDelay } from './plan-device-delay.js';
import { planOffPeak } from './plan-off-peak.js';
import { planPlatformProfiles } from './plan-platform-profiles.js';
import { planRemovals } from './plan-removals.js';
import { earliest, type ChargerProfileView, type PlanOptions, type PlannedAction } from './plan-types.js';

export interface Plan {
  actions: PlannedAction[];
  /** When the plan must be made again even if nothing happens (a refresh, a horizon, a retry), or null. */
  nextActionAtMs: number | null;
}

/**
 * Everything compliance-gb has to ask profile-command for on one charger now, from its policy and the
 * profiles the charger stream shows. Pure: the service executes the actions and records their answers.
 * Profiles first: in platform mode the charger's key goes to 0 only after they carry the platform delays.
 */
export function planActions(
  state: PolicyState,
  profiles: readonly ChargerProfileView[],
  nowMs: number,
  options: PlanOptions,
): Plan {
  if (!state.exists) return { actions: [], nextActionAtMs: null };
  const profileParts = [
    planPlatformProfiles(state, profiles, nowMs, options),
    planOffPeak(state, nowMs, options),
    planRemovals(state, profiles, nowMs),
  ];
  const profileActions = profileParts.flatMap((p) => p.actions).filter((a) => a.kind !== 'withdraw-off-peak-default');
  // Profiles about to change are not on the charger yet: the key waits for the next plan, after they are confirmed.
  const device =
    profileActions.length > 0 && state.settings.randomisedDelay.mode === 'platform'
      ? { actions: [], wakeAtMs: null }
      : planDeviceDelay(state, profiles, nowMs, options);
  const parts = [...profileParts, device];
  return { actions: parts.flatMap((p) => p.actions), nextActionAtMs: earliest(...parts.map((p) => p.wakeAtMs)) };
}
