import type { SyncState, Twin } from '@chargeplane/contracts-api';
import {
  capabilitiesFor,
  isOn,
  sameProfile,
  slotsUsed,
  writeBudgetAt,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import type { TwinDoc, TwinProfile } from './twin-doc.js';

const iso = (ms: number) => new Date(ms).toISOString();
const same = (a: InstalledProfile | null, b: InstalledProfile | null) =>
  a === null || b === null ? a === b : a.connectorId === b.connectorId && sameProfile(a.profile, b.profile);

/** A profile's sync state, from its desired and confirmed content and the last write's phase. */
export function syncStateOf(p: TwinProfile, connected: boolean): SyncState {
  if (p.phase === 'rejected') return 'rejected';
  if (p.phase === 'failed') return 'failed';
  if (same(p.desired, p.confirmed)) return 'in-sync';
  if (p.phase === 'dispatched') return 'dispatched';
  if (!connected) return 'awaiting-connection';
  return 'deferred';
}

/** Installed profiles as the device holds them (confirmed), for the slot count. */
const confirmedOf = (doc: TwinDoc) => doc.profiles.flatMap((p) => (p.confirmed ? [p.confirmed] : []));

/** Whether any profile differs from what the charger confirmed. */
export function outOfSync(doc: TwinDoc): boolean {
  return doc.profiles.some((p) => syncStateOf(p, doc.connected) !== 'in-sync');
}

/**
 * The twin as the API shows it at `now`: the write budget is computed for the time of the query (the
 * window slides with time, not frozen at the last event), with the same functions the aggregate uses.
 */
export function viewTwin(doc: TwinDoc, now: number): Twin {
  const caps = capabilitiesFor(doc.model, doc.configuration);
  const budget = caps.writeBudget ? writeBudgetAt(doc.writeTimes, now, caps.writeBudget) : null;
  const commercialKey = caps.commercialModeKey;
  return {
    chargerId: doc.chargerId,
    tenantId: doc.tenantId,
    model: doc.model,
    jurisdiction: doc.jurisdiction,
    tags: doc.tags,
    vendor: doc.vendor,
    firmwareVersion: doc.firmwareVersion,
    commercialMode:
      commercialKey && doc.configuration[commercialKey] !== undefined ? isOn(doc.configuration[commercialKey]) : null,
    connected: doc.connected,
    lastSeenAt: doc.lastSeenAt,
    slots: { used: slotsUsed(confirmedOf(doc)), max: caps.slotPool },
    writeBudget: budget && {
      ...budget,
      nextAvailableAt: budget.nextAvailableAt === null ? null : iso(budget.nextAvailableAt),
    },
    profiles: doc.profiles.map((p) => {
      const where = p.desired ?? p.confirmed;
      return {
        connectorId: where?.connectorId ?? 0,
        chargingProfileId: p.chargingProfileId,
        purpose: where?.profile.chargingProfilePurpose ?? 'unknown',
        desired: p.desired ? { ...p.desired.profile } : null,
        confirmed: p.confirmed ? { ...p.confirmed.profile } : null,
        sync: syncStateOf(p, doc.connected),
        lastError: p.lastError,
      };
    }),
    configuration: doc.configuration,
    transactions: doc.transactions,
    version: doc.version,
    updatedAt: doc.updatedAt,
  };
}

/** Filter columns stored beside the document (budget exhaustion is stored as an instant and compared at query time). */
export function twinColumns(doc: TwinDoc): {
  connected: boolean;
  outOfSync: boolean;
  slotsUsed: number;
  budgetExhaustedUntil: number | null;
} {
  const caps = capabilitiesFor(doc.model, doc.configuration);
  const lastWrite = doc.writeTimes.at(-1);
  const budget =
    caps.writeBudget && lastWrite !== undefined ? writeBudgetAt(doc.writeTimes, lastWrite, caps.writeBudget) : null;
  return {
    connected: doc.connected,
    outOfSync: outOfSync(doc),
    slotsUsed: slotsUsed(confirmedOf(doc)),
    budgetExhaustedUntil: budget?.nextAvailableAt ?? null,
  };
}
