import { sameProfile } from '@chargeplane/smart-charging-domain';
import type { PolicyState } from '../policy/policy-state.js';
import { earliest, type ChargerProfileView, type PlanPart, type PlannedAction } from './plan-types.js';

/** Whether the profile desired under this view is the holding profile of a removal under way (rule G1). */
export function isHeldRemoval(state: PolicyState, view: ChargerProfileView): boolean {
  const removal = state.removals[view.chargingProfileId];
  return removal !== undefined && view.desired !== null && sameProfile(view.desired, removal.tail);
}

/**
 * A delayed removal ends with the removal itself: once its holding profile has run out (the limit in force
 * already changed, so the removal is no relevant time), compliance-gb asks profile-command to remove it.
 * A profile desired anew under that id is the CPO's and is left alone.
 */
export function planRemovals(state: PolicyState, profiles: readonly ChargerProfileView[], nowMs: number): PlanPart {
  const actions: PlannedAction[] = [];
  let wakeAtMs: number | null = null;
  for (const view of profiles) {
    if (!isHeldRemoval(state, view)) continue;
    const endsAtMs = state.removals[view.chargingProfileId]!.endsAtMs;
    if (nowMs >= endsAtMs) actions.push({ kind: 'remove-held-profile', chargingProfileId: view.chargingProfileId });
    else wakeAtMs = earliest(wakeAtMs, endsAtMs);
  }
  return { actions, wakeAtMs };
}
