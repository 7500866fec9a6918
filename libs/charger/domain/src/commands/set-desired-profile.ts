import { capabilitiesFor, sameInstalled, withUtcTimestamps } from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from '../events.js';
import { checkDeviceRules } from '../profiles/device-rules.js';
import { checkOcppRules } from '../profiles/ocpp-rules.js';
import type { ChargerState } from '../state.js';
import type { CommandOf } from './commands.js';
import { eventAt } from './event.js';

/** The CPO wants a profile on the charger: refused when the charger could never take it, unchanged when already wanted. */
export function setDesiredProfile(c: CommandOf<'SetDesiredProfile'>, state: ChargerState): ChargerEvent[] {
  const event = eventAt(c.now);
  const id = c.chargingProfile.chargingProfileId;
  const tx = state.transactions.find((t) => t.connectorId === c.connectorId);
  // Timestamps are stored and sent in one form (UTC, whole seconds, Z).
  const given = withUtcTimestamps(c.chargingProfile);
  // A TxProfile is bound to the running session: fill in its id when the CPO left it out.
  const profile =
    given.chargingProfilePurpose === 'TxProfile' && given.transactionId === undefined && tx
      ? { ...given, transactionId: tx.transactionId }
      : given;
  const incoming = { connectorId: c.connectorId, profile };
  const refusal =
    checkOcppRules(c.connectorId, profile) ??
    checkDeviceRules(state, incoming, capabilitiesFor(state.model, state.configuration));
  if (refusal) {
    return [
      event('ChargingProfileRefused', {
        chargingProfileId: id,
        code: refusal.code,
        message: refusal.message,
        details: refusal.details,
      }),
    ];
  }
  const record = state.profiles[id];
  // The same content again is `unchanged` — unless the charger refused it or it failed: then it is the CPO's explicit retry.
  const settledBadly = record?.outcome === 'rejected' || record?.outcome === 'failed';
  if (record?.desired && sameInstalled(record.desired, incoming) && !settledBadly) return [];
  return [event('ChargingProfileDesired', { connectorId: c.connectorId, chargingProfile: profile })];
}
