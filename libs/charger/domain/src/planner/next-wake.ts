import { capabilitiesFor } from '@chargeplane/smart-charging-domain';
import type { ChargerState } from '../state.js';

/** Extra time after a call's own timeout before an unanswered write is declared unknown (edge, NATS). */
const SETTLE_GRACE_MS = 5_000;

/**
 * When the aggregate must be woken without any outside event (ms), or null: when deferred writes may
 * be sent, or when an outstanding write has certainly outlived its timeout (the process sending it
 * may have died). Stored with each append, so timers survive restarts.
 */
export function nextWakeAt(state: ChargerState): number | null {
  const candidates: number[] = [];
  if (state.deferredUntil !== null) candidates.push(state.deferredUntil);
  if (state.inFlight) {
    const caps = capabilitiesFor(state.model, state.configuration);
    candidates.push(state.inFlight.at + caps.callTimeoutSeconds * 1000 + SETTLE_GRACE_MS);
  }
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

/** Whether the outstanding write has outlived its timeout at `now`. */
export function inFlightExpired(state: ChargerState, now: number): boolean {
  if (!state.inFlight) return false;
  const caps = capabilitiesFor(state.model, state.configuration);
  return now >= state.inFlight.at + caps.callTimeoutSeconds * 1000 + SETTLE_GRACE_MS;
}
