import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import type { CommandOf } from './commands.js';
import { eventAt } from './event.js';

/** A configuration value the platform wants: unchanged when already wanted (not refused) or already reported. */
export function setDesiredConfiguration(c: CommandOf<'SetDesiredConfiguration'>, state: ChargerState): ChargerEvent[] {
  const current = state.desiredConfiguration[c.key];
  if (current && current.value === c.value && current.outcome === 'none') return [];
  if (!current && state.configuration[c.key] === c.value) return [];
  return [eventAt(c.now)('ChargerConfigurationDesired', { key: c.key, value: c.value, reason: c.reason })];
}
