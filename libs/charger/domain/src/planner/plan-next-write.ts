import { capabilitiesFor, writeBudgetAt } from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import { firstWrite, pendingWrites } from './pending-writes.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What to do next about the charger's pending writes, at `now`: nothing; dispatch one write (one
 * outstanding write per charger); or defer until the write budget frees. Never more writes than the
 * device's budget allows in any rolling window: the check is made here, before anything is sent.
 */
export function planNextWrite(state: ChargerState, now: number, writeId: string): ChargerEvent[] {
  if (!state.registered || !state.connected || state.inFlight) return [];
  const caps = capabilitiesFor(state.model, state.configuration);
  const pending = pendingWrites(state, caps);
  const next = firstWrite(pending, state, caps);
  if (!next) return [];
  if (caps.writeBudget) {
    const budget = writeBudgetAt(state.writeTimes, now, caps.writeBudget);
    if (budget.nextAvailableAt !== null) {
      if (state.deferredUntil === budget.nextAvailableAt) return [];
      return [
        {
          type: 'ChargingProfileWriteDeferred',
          schemaVersion: 1,
          occurredAt: iso(now),
          data: { chargingProfileIds: pending.map((p) => p.chargingProfileId), reason: 'write-budget', until: iso(budget.nextAvailableAt) },
        },
      ];
    }
  }
  return [{ type: 'ChargingProfileWriteDispatched', schemaVersion: 1, occurredAt: iso(now), data: { writeId, ...next } }];
}

/** Pending profile ids while the charger is offline (shown as awaiting-connection). */
export function pendingWhileOffline(state: ChargerState): number[] {
  if (state.connected) return [];
  return pendingWrites(state, capabilitiesFor(state.model, state.configuration)).map((p) => p.chargingProfileId);
}
