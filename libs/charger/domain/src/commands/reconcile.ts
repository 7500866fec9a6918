import type { ChargerEvent } from '../events.js';
import { inFlightExpired } from '../planner/next-wake.js';
import type { ChargerState } from '../state.js';
import type { CommandOf } from './commands.js';
import { recordWriteOutcome } from './record-write-outcome.js';

/** Woken by the timer: an outstanding write nobody answered is settled as unknown (the planner runs after). */
export function reconcile(c: CommandOf<'Reconcile'>, state: ChargerState): ChargerEvent[] {
  return state.inFlight && inFlightExpired(state, c.now)
    ? recordWriteOutcome(state, state.inFlight.writeId, { kind: 'timeout' }, c.now)
    : [];
}
