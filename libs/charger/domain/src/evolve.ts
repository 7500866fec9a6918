import {
  capabilitiesFor,
  pruneWriteTimes,
  replaces,
  sameProfile,
  withoutTransaction,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from './events.js';
import { evolveBoot, evolveConfigurationRead } from './configuration/configuration-read.js';
import { evolveConfiguration } from './configuration/evolve-configuration.js';
import { installedProfiles, settle, uncounted, type ChargerState, type ProfileRecord } from './state.js';

const emptyRecord = (chargingProfileId: number): ProfileRecord => ({
  chargingProfileId,
  desired: null,
  confirmed: null,
  outcome: 'none',
  lastError: null,
  rejections: 0,
  retryAt: null,
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
      return evolveBoot(state, event);
    case 'ChargerConnected':
      return { ...state, connected: true, connectionId: event.data.connectionId, configurationCurrent: false };
    case 'ChargerDisconnected':
      return { ...state, connected: false, connectionId: null };
    case 'ChargerConfigurationReported':
      return evolveConfigurationRead(state, event);
    case 'TransactionStarted': {
      const { connectorId, transactionId, startedAt } = event.data;
      return {
        ...state,
        transactions: [
          ...state.transactions.filter((t) => t.connectorId !== connectorId),
          { connectorId, transactionId, startedAt },
        ],
      };
    }
    case 'TransactionStopped': {
      const id = event.data.transactionId;
      const remaining = new Set(
        withoutTransaction(installedProfiles(state), id).map((p) => p.profile.chargingProfileId),
      );
      const endedTx = (p: InstalledProfile | null) =>
        p?.profile.chargingProfilePurpose === 'TxProfile' && p.profile.transactionId === id;
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
      return withProfile(state, event.data.chargingProfileId, (r) => ({
        ...r,
        desired: null,
        outcome: stillUnknown(r),
        lastError: null,
        rejections: 0,
        retryAt: null,
      }));
    case 'ChargingProfileRefused':
      return state;
    case 'ChargingProfileWriteDispatched': {
      const d = event.data;
      const sent =
        d.action === 'SetChargingProfile'
          ? { connectorId: d.request.connectorId, profile: d.request.csChargingProfiles }
          : null;
      const at = Date.parse(event.occurredAt);
      const rule = capabilitiesFor(state.model, state.configuration).writeBudget;
      // A retry of a refused write uses up its one retry.
      const retried = withProfile(state, d.chargingProfileId, (r) =>
        r.outcome === 'rejected' ? { ...r, retryAt: null } : r,
      );
      return {
        ...retried,
        writeTimes: rule ? [...pruneWriteTimes(state.writeTimes, at, rule), at] : [at],
        inFlight: {
          writeId: d.writeId,
          chargingProfileId: d.chargingProfileId,
          action: d.action,
          at,
          sent,
          connectionId: state.connectionId,
        },
        deferredUntil: null,
      };
    }
    case 'ChargerConfigurationDesired':
    case 'ChargerConfigurationWriteDispatched':
    case 'ChargerConfigurationChanged':
    case 'ChargerConfigurationWriteFailed':
      return evolveConfiguration(state, event);
    case 'ChargingProfileWriteDeferred':
      return event.data.reason === 'device-not-ready'
        ? { ...state, blockedBy: event.data.detail ?? 'device-not-ready' }
        : { ...state, deferredUntil: event.data.until ? Date.parse(event.data.until) : null };
    case 'ChargingProfileAccepted': {
      const confirmed = { connectorId: event.data.connectorId, profile: event.data.chargingProfile };
      return settle(state, event.data.writeId, (s) => acceptInto(s, confirmed));
    }
    case 'ChargingProfileCleared':
      return settle(state, event.data.writeId, (s) =>
        withProfile(s, event.data.chargingProfileId, (r) => ({
          ...r,
          confirmed: null,
          outcome: 'none',
          lastError: null,
        })),
      );
    case 'ChargingProfileRejectedByCharger':
      return settle(state, event.data.writeId, (s) =>
        withProfile(s, event.data.chargingProfileId, (r) => {
          // A refusal of content the CPO has since replaced must not hold back the newer desired state.
          if (!stillWanted(state, event.data.writeId, r))
            return {
              ...r,
              lastError: { code: event.data.status, description: `charger answered ${event.data.status}` },
            };
          const retryAt = event.data.retryAt ? Date.parse(event.data.retryAt) : null;
          return {
            ...r,
            outcome: 'rejected',
            rejections: r.rejections + 1,
            retryAt,
            lastError: { code: event.data.status, description: `charger answered ${event.data.status}` },
          };
        }),
      );
    case 'ChargingProfileWriteFailed': {
      const d = event.data;
      const failed = (r: ProfileRecord): ProfileRecord['outcome'] =>
        // Offline or not sent: nothing reached the device, so the change is simply still pending.
        d.failure === 'offline' || d.failure === 'not-sent'
          ? stillUnknown(r)
          : !d.outcomeKnown
            ? 'unknown'
            : stillWanted(state, d.writeId, r)
              ? 'failed'
              : r.outcome;
      const sent = state.inFlight?.writeId === d.writeId ? state.inFlight.sent : null;
      // Nobody holds the charger's connection: stop sending until it connects again (no retry loop) — unless the
      // write went out on a connection the charger has since replaced.
      const lostConnection =
        d.failure === 'offline' &&
        state.inFlight?.writeId === d.writeId &&
        state.inFlight.connectionId === state.connectionId;
      const reachable = lostConnection
        ? { ...state, connected: false, connectionId: null }
        : d.failure === 'not-sent'
          ? uncounted(state, d.writeId)
          : state;
      return settle(reachable, d.writeId, (s) =>
        withProfile(d.outcomeKnown || !sent ? s : unknownWhereReplaced(s, sent), d.chargingProfileId, (r) => ({
          ...r,
          outcome: failed(r),
          lastError: { code: d.code, description: d.description },
        })),
      );
    }
  }
}

/** An accepted profile removes from the device every confirmed profile it replaces (one replacement rule). */
function acceptInto(state: ChargerState, confirmed: InstalledProfile): ChargerState {
  const caps = capabilitiesFor(state.model, state.configuration);
  const id = confirmed.profile.chargingProfileId;
  const profiles = mapRecords(state, (r) =>
    r.confirmed && r.chargingProfileId !== id && replaces(r.confirmed, confirmed, caps) ? { ...r, confirmed: null } : r,
  );
  return withProfile({ ...state, profiles }, id, (r) => ({
    ...r,
    confirmed,
    outcome: 'none',
    lastError: null,
    rejections: 0,
    retryAt: null,
  }));
}

/** A newly desired profile supersedes every desired profile it would replace on the device. */
function desireInto(state: ChargerState, desired: InstalledProfile): ChargerState {
  const caps = capabilitiesFor(state.model, state.configuration);
  const id = desired.profile.chargingProfileId;
  const profiles = mapRecords(state, (r) =>
    r.desired && r.chargingProfileId !== id && replaces(r.desired, desired, caps)
      ? { ...r, desired: null, outcome: 'none', lastError: null }
      : r,
  );
  return withProfile({ ...state, profiles }, id, (r) => ({
    ...r,
    desired,
    outcome: stillUnknown(r),
    lastError: null,
    rejections: 0,
    retryAt: null,
  }));
}

/**
 * After a timeout the device may hold either version: that stays so until the charger answers a write (§2.1 dedupe).
 * A refusal does not answer it: content equal to the confirmed profile is only ever sent while that is unknown.
 */
const stillUnknown = (r: ProfileRecord): ProfileRecord['outcome'] =>
  r.outcome === 'unknown' ||
  (r.outcome === 'rejected' && r.desired !== null && r.confirmed !== null && sameInstalled(r.desired, r.confirmed))
    ? 'unknown'
    : 'none';

const sameInstalled = (a: InstalledProfile, b: InstalledProfile) =>
  a.connectorId === b.connectorId && sameProfile(a.profile, b.profile);

/** A timed-out write may have replaced other confirmed profiles on the device (zappi: any TxDefaultProfile). */
function unknownWhereReplaced(state: ChargerState, sent: InstalledProfile): ChargerState {
  const caps = capabilitiesFor(state.model, state.configuration);
  return {
    ...state,
    profiles: mapRecords(state, (r) =>
      r.confirmed && replaces(r.confirmed, sent, caps) ? { ...r, outcome: 'unknown' } : r,
    ),
  };
}

/** Whether the record still wants what the outstanding write `writeId` carried (set: that content; clear: nothing). */
function stillWanted(state: ChargerState, writeId: string, r: ProfileRecord): boolean {
  const write = state.inFlight?.writeId === writeId ? state.inFlight : null;
  if (!write) return true;
  if (!write.sent) return r.desired === null;
  return (
    r.desired !== null &&
    r.desired.connectorId === write.sent.connectorId &&
    sameProfile(r.desired.profile, write.sent.profile)
  );
}

function mapRecords(state: ChargerState, change: (r: ProfileRecord) => ProfileRecord): Record<number, ProfileRecord> {
  return Object.fromEntries(Object.entries(state.profiles).map(([k, r]) => [k, change(r)]));
}
