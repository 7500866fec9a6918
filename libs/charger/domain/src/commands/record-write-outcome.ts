import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import type { WriteOutcome } from './commands.js';

/**
 * Turns a charger's answer into the event that says what is now on the device. Only `Accepted` makes
 * the sent profile confirmed; anything else leaves confirmed state as it was (STYLE.md rule 8).
 * An answer for a write that is no longer outstanding (late, or already settled) changes nothing.
 */
export function recordWriteOutcome(state: ChargerState, writeId: string, outcome: WriteOutcome, occurredAt: string): ChargerEvent[] {
  const write = state.inFlight;
  if (!write || write.writeId !== writeId) return [];
  const base = { writeId, chargingProfileId: write.chargingProfileId };
  if (outcome.kind === 'result') {
    if (write.action === 'ClearChargingProfile') {
      const status = outcome.status === 'Accepted' ? 'Accepted' : 'Unknown';
      return [{ type: 'ChargingProfileCleared', schemaVersion: 1, occurredAt, data: { ...base, status } }];
    }
    if (outcome.status === 'Accepted' && write.sent) {
      return [{ type: 'ChargingProfileAccepted', schemaVersion: 1, occurredAt, data: { ...base, connectorId: write.sent.connectorId, chargingProfile: write.sent.profile } }];
    }
    const status = outcome.status === 'NotSupported' ? 'NotSupported' : 'Rejected';
    return [{ type: 'ChargingProfileRejectedByCharger', schemaVersion: 1, occurredAt, data: { ...base, status } }];
  }
  const failure =
    outcome.kind === 'call-error'
      ? { failure: 'call-error' as const, code: outcome.code, description: outcome.description, outcomeKnown: true }
      : outcome.kind === 'timeout'
        ? { failure: 'timeout' as const, code: 'TIMEOUT', description: 'no answer from the charger in time; it may or may not have stored the write', outcomeKnown: false }
        : { failure: 'offline' as const, code: 'OFFLINE', description: 'the charger was not connected when the write was sent', outcomeKnown: true };
  return [{ type: 'ChargingProfileWriteFailed', schemaVersion: 1, occurredAt, data: { ...base, ...failure } }];
}
