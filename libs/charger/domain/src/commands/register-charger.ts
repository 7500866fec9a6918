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

/**
 * The same key stored under a newer hash (decision 0007). Only while `previousHash` is still the stored one: a
 * rehash that raced a change of key, or a second edge's rehash of the same key, changes nothing.
 */
export function rehashCredentials(c: CommandOf<'RehashCredentials'>, state: ChargerState): ChargerEvent[] {
  if (state.credentialsHash !== c.previousHash || c.credentialsHash === state.credentialsHash) return [];
  return [eventAt(c.now)('ChargerCredentialsRehashed', { credentialsHash: c.credentialsHash })];
}
