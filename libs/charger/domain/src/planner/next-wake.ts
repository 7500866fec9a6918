import { capabilitiesFor, isInSync } from '@chargeplane/smart-charging-domain';
import type { ChargerState } from '../state.js';

/** Extra time after a call's own timeout before an unanswered write is declared unknown (edge, NATS). */
const SETTLE_GRACE_MS = 5_000;

/**
 * When the aggregate must be woken without any outside event (ms), or null: when deferred writes may be sent, when
 * an overdue configuration read is asked for again (Z17a), when a refused write gets its one retry, or when an
 * outstanding write has certainly outlived its timeout (the process sending it may have died). Stored with each
 * append, so timers survive restarts.
 */
export function nextWakeAt(state: ChargerState): number | null {
  const candidates = wakeTimes(state);
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

/**
 * The state's earliest wake time after `now`, or null (L16): where a wake-up at `now` found nothing to do, the
 * aggregate is woken next then. A timer can come due with nothing to do, because what it waited for is held by
 * something else: a timed-out write's resend (L11) whose profile another desired one replaced, while that one does
 * not fit the slots until a refused write's retry, an hour later, makes room. Stopping the wake-ups there would lose
 * the retry, and the charger would never converge.
 */
export function nextWakeAfter(state: ChargerState, now: number): number | null {
  const later = wakeTimes(state).filter((t) => t > now);
  return later.length > 0 ? Math.min(...later) : null;
}

/** Every time at which the aggregate has something it may do without an outside event. */
function wakeTimes(state: ChargerState): number[] {
  const candidates: number[] = [];
  if (state.deferredUntil !== null) candidates.push(state.deferredUntil);
  // Z17a: the configuration read of this connection or boot, should it not be recorded in time.
  if (state.connected && state.configurationReadDueBy !== null) candidates.push(state.configurationReadDueBy);
  // A refused write's one retry. While a write is outstanding its answer (or its timeout) runs the planner, and a
  // budget deferral in force wakes the aggregate when any write may go out: a retry due before either would only
  // wake it for nothing.
  if (!state.inFlight) {
    for (const r of Object.values(state.profiles)) {
      if (
        r.outcome === 'rejected' &&
        r.retryAt !== null &&
        (state.deferredUntil === null || r.retryAt > state.deferredUntil)
      )
        candidates.push(r.retryAt);
    }
    // L11: the resend of a timed-out write, once its late answer has had its chance. A resend of the same content
    // keeps the timed-out write (L11): once that resend was refused or failed, its own retry rule (above) decides.
    const late = state.lastTimedOut;
    const record = late ? state.profiles[late.chargingProfileId] : undefined;
    const refused = record?.outcome === 'rejected' || record?.outcome === 'failed';
    if (late && record && !refused && !isInSync(record)) {
      const resendAt = late.at + capabilitiesFor(state.model, state.configuration).callTimeoutSeconds * 1000;
      if (state.deferredUntil === null || resendAt > state.deferredUntil) candidates.push(resendAt);
    }
  }
  if (state.inFlight) {
    const caps = capabilitiesFor(state.model, state.configuration);
    candidates.push(state.inFlight.at + caps.callTimeoutSeconds * 1000 + SETTLE_GRACE_MS);
  }
  return candidates;
}

/** Whether the outstanding write has outlived its timeout at `now`. */
export function inFlightExpired(state: ChargerState, now: number): boolean {
  if (!state.inFlight) return false;
  const caps = capabilitiesFor(state.model, state.configuration);
  return now >= state.inFlight.at + caps.callTimeoutSeconds * 1000 + SETTLE_GRACE_MS;
}
