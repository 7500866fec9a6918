import { IllegalStateError } from '@chargeplane/contracts-api';
import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import type { CommandOf } from './commands.js';
import { eventAt } from './event.js';

/** A charger is registered once; a second registration is a broken invariant, not an event. */
export function registerCharger(c: CommandOf<'RegisterCharger'>, state: ChargerState): ChargerEvent[] {
  if (state.registered) throw new IllegalStateError('charger is already registered');
  return [
    eventAt(c.now)('ChargerRegistered', {
      tenantId: c.tenantId,
      model: c.model,
      jurisdiction: c.jurisdiction,
      tags: c.tags,
      credentialsHash: c.credentialsHash,
    }),
  ];
}
