import { ChargerEvent, type EventEnvelope } from '@chargeplane/contracts-events';
import {
  capabilitiesFor,
  configurationAfterBoot,
  pruneWriteTimes,
  replaces,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import type { ProfilePhase, TwinDoc, TwinProfile } from './twin-doc.js';

/** What applying one envelope did: applied, ignored as already seen, or refused for a gap (catch up first). */
export type FoldResult =
  { kind: 'applied'; twin: TwinDoc } | { kind: 'duplicate' } | { kind: 'gap'; expected: number; got: number };

/** Applies one stored event to a twin, enforcing per-charger order by stream version. */
export function applyEnvelope(twin: TwinDoc, envelope: EventEnvelope): FoldResult {
  if (envelope.streamVersion <= twin.version) return { kind: 'duplicate' };
  if (envelope.streamVersion !== twin.version + 1)
    return { kind: 'gap', expected: twin.version + 1, got: envelope.streamVersion };
  const event = ChargerEvent.parse({
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    data: envelope.data,
  });
  const next = fold({ ...twin, tenantId: envelope.tenantId }, event);
  return { kind: 'applied', twin: { ...next, version: envelope.streamVersion, updatedAt: envelope.recordedAt } };
}

function profile(twin: TwinDoc, id: number): TwinProfile {
  return (
    twin.profiles.find((p) => p.chargingProfileId === id) ?? {
      chargingProfileId: id,
      desired: null,
      confirmed: null,
      phase: 'settled',
      lastError: null,
    }
  );
}

/** A profile stays listed while something is desired or confirmed, or while its last write ended badly. */
const listed = (p: TwinProfile) =>
  p.desired !== null || p.confirmed !== null || p.phase === 'rejected' || p.phase === 'failed';

function put(twin: TwinDoc, changed: TwinProfile): TwinDoc {
  const others = twin.profiles.filter((p) => p.chargingProfileId !== changed.chargingProfileId);
  return {
    ...twin,
    profiles: (listed(changed) ? [...others, changed] : others).sort(
      (a, b) => a.chargingProfileId - b.chargingProfileId,
    ),
  };
}

function setPhase(twin: TwinDoc, ids: readonly number[], phase: ProfilePhase): TwinDoc {
  return ids.reduce((t, id) => put(t, { ...profile(t, id), phase }), twin);
}

/** The same replacement rule the aggregate applies (smart-charging-domain `replaces`). */
function mapOthers(twin: TwinDoc, keepId: number, change: (p: TwinProfile) => TwinProfile): TwinDoc {
  return {
    ...twin,
    profiles: twin.profiles
      .map((p) => (p.chargingProfileId === keepId ? p : change(p)))
      .filter((p) => p.chargingProfileId === keepId || listed(p)),
  };
}

function fold(twin: TwinDoc, event: ChargerEvent): TwinDoc {
  const at = event.occurredAt;
  const caps = () => capabilitiesFor(twin.model, twin.configuration);
  switch (event.type) {
    case 'ChargerRegistered':
      return {
        ...twin,
        tenantId: event.data.tenantId,
        model: event.data.model,
        jurisdiction: event.data.jurisdiction,
        tags: event.data.tags,
      };
    case 'ChargerBooted':
      return {
        ...twin,
        vendor: event.data.chargePointVendor,
        firmwareVersion: event.data.firmwareVersion,
        configuration: configurationAfterBoot(twin.model, twin.configuration),
        lastSeenAt: at,
      };
    case 'ChargerConnected':
      return { ...twin, connected: true, lastSeenAt: at };
    case 'ChargerDisconnected':
      return { ...twin, connected: false, lastSeenAt: at };
    case 'ChargerConfigurationReported':
      return { ...twin, configuration: { ...twin.configuration, ...event.data.values }, lastSeenAt: at };
    case 'TransactionStarted': {
      const { connectorId, transactionId, startedAt } = event.data;
      return {
        ...twin,
        lastSeenAt: at,
        transactions: [
          ...twin.transactions.filter((t) => t.connectorId !== connectorId),
          { connectorId, transactionId, startedAt },
        ],
      };
    }
    case 'TransactionStopped': {
      const id = event.data.transactionId;
      const ended = (p: InstalledProfile | null) =>
        p?.profile.chargingProfilePurpose === 'TxProfile' && p.profile.transactionId === id ? null : p;
      const cleaned = {
        ...twin,
        profiles: twin.profiles
          .map((p) => ({ ...p, desired: ended(p.desired), confirmed: ended(p.confirmed) }))
          .filter(listed),
      };
      return { ...cleaned, lastSeenAt: at, transactions: twin.transactions.filter((t) => t.transactionId !== id) };
    }
    case 'ChargingProfileDesired': {
      const desired = { connectorId: event.data.connectorId, profile: event.data.chargingProfile };
      const id = desired.profile.chargingProfileId;
      const superseded = mapOthers(twin, id, (p) =>
        p.desired && replaces(p.desired, desired, caps()) ? { ...p, desired: null, phase: 'pending' } : p,
      );
      return put(superseded, { ...profile(superseded, id), desired, phase: 'pending', lastError: null });
    }
    case 'ChargingProfileRemovalDesired':
      return put(twin, {
        ...profile(twin, event.data.chargingProfileId),
        desired: null,
        phase: 'pending',
        lastError: null,
      });
    case 'ChargingProfileRefused':
    case 'ChargerConfigurationDesired':
      return twin;
    case 'ChargerConfigurationWriteDispatched': {
      if (!event.data.countsAsWrite) return twin;
      const writeTimes = pruneWriteTimes(
        [...twin.writeTimes, Date.parse(at)],
        Date.parse(at),
        caps().writeBudget ?? { limit: 0, windowSeconds: 3600 },
      );
      return { ...twin, writeTimes };
    }
    case 'ChargerConfigurationChanged':
      return event.data.status === 'Accepted' || event.data.status === 'RebootRequired'
        ? { ...twin, configuration: { ...twin.configuration, [event.data.key]: event.data.value } }
        : twin;
    case 'ChargerConfigurationWriteFailed':
      return event.data.failure === 'offline' ? { ...twin, connected: false } : twin;
    case 'ChargingProfileWriteDispatched': {
      const writeTimes = pruneWriteTimes(
        [...twin.writeTimes, Date.parse(at)],
        Date.parse(at),
        caps().writeBudget ?? { limit: 0, windowSeconds: 3600 },
      );
      return setPhase({ ...twin, writeTimes }, [event.data.chargingProfileId], 'dispatched');
    }
    case 'ChargingProfileWriteDeferred': {
      if (event.data.reason === 'awaiting-connection')
        return setPhase(twin, event.data.chargingProfileIds, 'awaiting-connection');
      const phased = setPhase(twin, event.data.chargingProfileIds, 'deferred');
      // A closed device gate (commercial mode off, …) is why these wait: say so on each profile.
      const detail = event.data.detail;
      if (event.data.reason !== 'device-not-ready' || !detail) return phased;
      return event.data.chargingProfileIds.reduce(
        (t, id) => put(t, { ...profile(t, id), lastError: { code: detail, description: `waiting: ${detail}` } }),
        phased,
      );
    }
    case 'ChargingProfileAccepted': {
      const confirmed = { connectorId: event.data.connectorId, profile: event.data.chargingProfile };
      const id = event.data.chargingProfileId;
      const replaced = mapOthers(twin, id, (p) =>
        p.confirmed && replaces(p.confirmed, confirmed, caps()) ? { ...p, confirmed: null } : p,
      );
      return put(replaced, { ...profile(replaced, id), confirmed, phase: 'settled', lastError: null });
    }
    case 'ChargingProfileCleared':
      return put(twin, {
        ...profile(twin, event.data.chargingProfileId),
        confirmed: null,
        phase: 'settled',
        lastError: null,
      });
    case 'ChargingProfileRejectedByCharger': {
      const retry = event.data.retryAt
        ? `; tried once more at ${event.data.retryAt} (it may have been the write limit)`
        : '';
      return put(twin, {
        ...profile(twin, event.data.chargingProfileId),
        phase: 'rejected',
        lastError: { code: event.data.status, description: `charger answered ${event.data.status}${retry}` },
      });
    }
    case 'ChargingProfileWriteFailed': {
      // A timeout is an unknown outcome the platform resolves by writing again: pending, not failed.
      const phase: ProfilePhase =
        event.data.failure === 'offline'
          ? 'awaiting-connection'
          : event.data.failure === 'timeout'
            ? 'pending'
            : 'failed';
      const reachable = event.data.failure === 'offline' ? { ...twin, connected: false } : twin;
      return put(reachable, {
        ...profile(reachable, event.data.chargingProfileId),
        phase,
        lastError: { code: event.data.code, description: event.data.description },
      });
    }
  }
}
