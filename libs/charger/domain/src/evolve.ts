import { capabilitiesFor, replaces, withoutTransaction, type InstalledProfile } from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from './events.js';
import { installedProfiles, type ChargerState, type ProfileRecord } from './state.js';

const emptyRecord = (chargingProfileId: number): ProfileRecord => ({
  chargingProfileId,
  desired: null,
  confirmed: null,
  outcome: 'none',
  lastError: null,
});

function withProfile(state: ChargerState, id: number, change: (r: ProfileRecord) => ProfileRecord): ChargerState {
  return { ...state, profiles: { ...state.profiles, [id]: change(state.profiles[id] ?? emptyRecord(id)) } };
}

/** Applies one event to the charger's state. Pure; never fails on an event it recorded itself. */
export function evolve(state: ChargerState, event: ChargerEvent): ChargerState {
  switch (event.type) {
    case 'ChargerRegistered':
      return { ...state, registered: true, ...event.data };
    case 'ChargerBooted':
      return { ...state, firmwareVersion: event.data.firmwareVersion };
    case 'ChargerConnected':
      return { ...state, connected: true, connectionId: event.data.connectionId };
    case 'ChargerDisconnected':
      return { ...state, connected: false, connectionId: null };
    case 'ChargerConfigurationReported':
      return { ...state, configuration: { ...state.configuration, ...event.data.values } };
    case 'TransactionStarted': {
      const { connectorId, transactionId, startedAt } = event.data;
      return { ...state, transactions: [...state.transactions.filter((t) => t.connectorId !== connectorId), { connectorId, transactionId, startedAt }] };
    }
    case 'TransactionStopped': {
      const id = event.data.transactionId;
      const remaining = new Set(withoutTransaction(installedProfiles(state), id).map((p) => p.profile.chargingProfileId));
      const endedTx = (p: InstalledProfile | null) => p?.profile.chargingProfilePurpose === 'TxProfile' && p.profile.transactionId === id;
      const profiles = mapRecords(state, (r) => ({
        ...r,
        confirmed: r.confirmed && !remaining.has(r.chargingProfileId) ? null : r.confirmed,
        desired: endedTx(r.desired) ? null : r.desired,
      }));
      return { ...state, profiles, transactions: state.transactions.filter((t) => t.transactionId !== id) };
    }
    case 'ChargingProfileDesired': {
      return desireInto(state, { connectorId: event.data.connectorId, profile: event.data.chargingProfile });
    }
    case 'ChargingProfileRemovalDesired':
      return withProfile(state, event.data.chargingProfileId, (r) => ({ ...r, desired: null, outcome: 'none', lastError: null }));
    case 'ChargingProfileRefused':
      return state;
    case 'ChargingProfileWriteDispatched': {
      const d = event.data;
      const sent = d.action === 'SetChargingProfile' ? { connectorId: d.request.connectorId, profile: d.request.csChargingProfiles } : null;
      const at = Date.parse(event.occurredAt);
      return {
        ...state,
        writeTimes: [...state.writeTimes, at],
        inFlight: { writeId: d.writeId, chargingProfileId: d.chargingProfileId, action: d.action, at, sent },
        deferredUntil: null,
      };
    }
    case 'ChargingProfileWriteDeferred':
      return { ...state, deferredUntil: event.data.until ? Date.parse(event.data.until) : null };
    case 'ChargingProfileAccepted': {
      const confirmed = { connectorId: event.data.connectorId, profile: event.data.chargingProfile };
      return settle(state, event.data.writeId, (s) => acceptInto(s, confirmed));
    }
    case 'ChargingProfileCleared':
      return settle(state, event.data.writeId, (s) => withProfile(s, event.data.chargingProfileId, (r) => ({ ...r, confirmed: null, outcome: 'none', lastError: null })));
    case 'ChargingProfileRejectedByCharger':
      return settle(state, event.data.writeId, (s) =>
        withProfile(s, event.data.chargingProfileId, (r) => ({ ...r, outcome: 'rejected', lastError: { code: event.data.status, description: `charger answered ${event.data.status}` } })),
      );
    case 'ChargingProfileWriteFailed':
      return settle(state, event.data.writeId, (s) =>
        withProfile(s, event.data.chargingProfileId, (r) => ({
          ...r,
          // Offline: nothing reached the device, so the change is simply still pending.
          outcome: event.data.failure === 'offline' ? 'none' : event.data.outcomeKnown ? 'failed' : 'unknown',
          lastError: { code: event.data.code, description: event.data.description },
        })),
      );
  }
}

function settle(state: ChargerState, writeId: string, apply: (s: ChargerState) => ChargerState): ChargerState {
  const next = apply(state);
  return state.inFlight?.writeId === writeId ? { ...next, inFlight: null } : next;
}

/** An accepted profile removes from the device every confirmed profile it replaces (one replacement rule). */
function acceptInto(state: ChargerState, confirmed: InstalledProfile): ChargerState {
  const caps = capabilitiesFor(state.model, state.configuration);
  const id = confirmed.profile.chargingProfileId;
  const profiles = mapRecords(state, (r) =>
    r.confirmed && r.chargingProfileId !== id && replaces(r.confirmed, confirmed, caps) ? { ...r, confirmed: null } : r,
  );
  return withProfile({ ...state, profiles }, id, (r) => ({ ...r, confirmed, outcome: 'none', lastError: null }));
}

/** A newly desired profile supersedes every desired profile it would replace on the device. */
function desireInto(state: ChargerState, desired: InstalledProfile): ChargerState {
  const caps = capabilitiesFor(state.model, state.configuration);
  const id = desired.profile.chargingProfileId;
  const profiles = mapRecords(state, (r) =>
    r.desired && r.chargingProfileId !== id && replaces(r.desired, desired, caps) ? { ...r, desired: null, outcome: 'none', lastError: null } : r,
  );
  return withProfile({ ...state, profiles }, id, (r) => ({ ...r, desired, outcome: 'none', lastError: null }));
}

function mapRecords(state: ChargerState, change: (r: ProfileRecord) => ProfileRecord): Record<number, ProfileRecord> {
  return Object.fromEntries(Object.entries(state.profiles).map(([k, r]) => [k, change(r)]));
}
