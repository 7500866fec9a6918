import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import type { CommandOf } from './commands.js';
import { eventAt } from './event.js';

/** The CPO wants a profile gone; nothing to do when it is not desired. */
export function removeDesiredProfile(c: CommandOf<'RemoveDesiredProfile'>, state: ChargerState): ChargerEvent[] {
  if (!state.profiles[c.chargingProfileId]?.desired) return [];
  return [eventAt(c.now)('ChargingProfileRemovalDesired', { chargingProfileId: c.chargingProfileId })];
}
