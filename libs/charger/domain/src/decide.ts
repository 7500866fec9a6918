import { IllegalStateError, NotFoundError } from '@chargeplane/contracts-api';
import { capabilitiesFor, sameProfile, withUtcTimestamps } from '@chargeplane/smart-charging-domain';
import type { ChargerCommand } from './commands/commands.js';
import { recordWriteOutcome } from './commands/record-write-outcome.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { inFlightExpired } from './planner/next-wake.js';
import { pendingWhileOffline, planNextWrite } from './planner/plan-next-write.js';
import { checkDeviceRules } from './profiles/device-rules.js';
import { checkOcppRules } from './profiles/ocpp-rules.js';
import { configurationReported } from './configuration/configuration-read.js';
import type { ChargerState } from './state.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The charger aggregate's decider: the events a command produces, then whatever write the new state
 * calls for (dispatch within budget, or a deferral). Expected refusals are events; a broken invariant
 * (unknown charger, duplicate registration) throws before any event is built.
 */
export function decide(command: ChargerCommand, state: ChargerState): ChargerEvent[] {
  if (command.type !== 'RegisterCharger' && !state.registered) throw new NotFoundError('charger is not registered');
  const events = decideCommand(command, state);
  const after = events.reduce(evolve, state);
  return [...events, ...planNextWrite(after, command.now, command.writeId)];
}

function decideCommand(c: ChargerCommand, state: ChargerState): ChargerEvent[] {
  const occurredAt = iso(c.now);
  const event = <E extends ChargerEvent>(type: E['type'], data: E['data']) =>
    ({ type, schemaVersion: 1, occurredAt, data }) as E;
  switch (c.type) {
    case 'RegisterCharger':
      if (state.registered) throw new IllegalStateError('charger is already registered');
      return [
        event('ChargerRegistered', {
          tenantId: c.tenantId,
          model: c.model,
          jurisdiction: c.jurisdiction,
          tags: c.tags,
          credentialsHash: c.credentialsHash,
        }),
      ];
    case 'SetDesiredProfile':
      return setDesiredProfile(c, state, occurredAt);
    case 'RemoveDesiredProfile': {
      const record = state.profiles[c.chargingProfileId];
      if (!record?.desired) return [];
      const removal: ChargerEvent = event('ChargingProfileRemovalDesired', { chargingProfileId: c.chargingProfileId });
      return [removal, ...offlineDeferral([removal], state, occurredAt)];
    }
    case 'RecordBoot':
      return [
        event('ChargerBooted', {
          chargePointVendor: c.chargePointVendor,
          chargePointModel: c.chargePointModel,
          firmwareVersion: c.firmwareVersion,
          chargePointSerialNumber: c.chargePointSerialNumber,
        }),
      ];
    case 'RecordConnected':
      // A redelivered fact of the connection already recorded changes nothing.
      return state.connected && state.connectionId === c.connectionId
        ? []
        : [event('ChargerConnected', { edgeId: c.edgeId, connectionId: c.connectionId })];
    case 'RecordDisconnected':
      return state.connected && state.connectionId === c.connectionId
        ? [event('ChargerDisconnected', { edgeId: c.edgeId, connectionId: c.connectionId, reason: c.reason })]
        : [];
    case 'RecordConfiguration':
      return [configurationReported(c, occurredAt)];
    case 'RecordTransactionStarted':
      return [
        event('TransactionStarted', {
          connectorId: c.connectorId,
          transactionId: c.transactionId,
          idTag: c.idTag,
          meterStartWh: c.meterStartWh,
          startedAt: c.startedAt,
        }),
      ];
    case 'RecordTransactionStopped':
      return [
        event('TransactionStopped', {
          transactionId: c.transactionId,
          meterStopWh: c.meterStopWh,
          stoppedAt: c.stoppedAt,
          reason: c.reason,
        }),
      ];
    case 'SetDesiredConfiguration': {
      const current = state.desiredConfiguration[c.key];
      // Already wanted (and not refused), or already what the charger reports with nothing else wanted: unchanged.
      if (current && current.value === c.value && current.outcome === 'none') return [];
      if (!current && state.configuration[c.key] === c.value) return [];
      return [event('ChargerConfigurationDesired', { key: c.key, value: c.value, reason: c.reason })];
    }
    case 'RecordWriteOutcome':
      return recordWriteOutcome(state, c.forWriteId, c.outcome, c.now);
    case 'Reconcile':
      // Woken by the timer: an outstanding write nobody answered is settled as unknown, then the planner runs.
      return inFlightExpired(state, c.now)
        ? recordWriteOutcome(state, state.inFlight!.writeId, { kind: 'timeout' }, c.now)
        : [];
  }
}

function setDesiredProfile(
  c: Extract<ChargerCommand, { type: 'SetDesiredProfile' }>,
  state: ChargerState,
  occurredAt: string,
): ChargerEvent[] {
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
      {
        type: 'ChargingProfileRefused',
        schemaVersion: 1,
        occurredAt,
        data: { chargingProfileId: id, code: refusal.code, message: refusal.message, details: refusal.details },
      },
    ];
  }
  const record = state.profiles[id];
  const current = record?.desired;
  // The same content again is `unchanged` — unless the charger refused it or it failed: then it is the CPO's explicit retry.
  const settledBadly = record?.outcome === 'rejected' || record?.outcome === 'failed';
  if (current && current.connectorId === c.connectorId && sameProfile(current.profile, profile) && !settledBadly)
    return [];
  const desired: ChargerEvent = {
    type: 'ChargingProfileDesired',
    schemaVersion: 1,
    occurredAt,
    data: { connectorId: c.connectorId, chargingProfile: profile },
  };
  return [desired, ...offlineDeferral([desired], state, occurredAt)];
}

/** While the charger is offline, say once per change that the write waits for its connection. */
function offlineDeferral(events: ChargerEvent[], state: ChargerState, occurredAt: string): ChargerEvent[] {
  const ids = pendingWhileOffline(events.reduce(evolve, state), Date.parse(occurredAt));
  if (ids.length === 0) return [];
  return [
    {
      type: 'ChargingProfileWriteDeferred',
      schemaVersion: 1,
      occurredAt,
      data: { chargingProfileIds: ids, reason: 'awaiting-connection', until: null },
    },
  ];
}
