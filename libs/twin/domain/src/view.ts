import type { SyncState, Twin } from '@chargeplane/contracts-api';
import { capabilitiesFor, isOn, profileViews, slotsInUse, writeBudgetOf } from '@chargeplane/smart-charging-domain';
import type { TwinDoc } from './twin-doc.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Each profile's sync state, from the ledger (D7). */
export function syncStates(doc: TwinDoc): SyncState[] {
  return profileViews(doc.ledger).map((p) => p.sync);
}

/** Whether any profile differs from what the charger confirmed. */
export function outOfSync(doc: TwinDoc): boolean {
  return syncStates(doc).some((s) => s !== 'in-sync');
}

/**
 * The twin as the API shows it at `now`: every profile figure is derived from the ledger with the functions the
 * aggregate uses (D1–D8); the write budget is computed for the time of the query (the window slides with time).
 */
export function viewTwin(doc: TwinDoc, now: number): Twin {
  const caps = capabilitiesFor(doc.model, doc.configuration);
  const budget = writeBudgetOf(doc.ledger, now, caps);
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
    connected: doc.ledger.connected,
    lastSeenAt: doc.lastSeenAt,
    slots: { used: slotsInUse(doc.ledger), max: caps.slotPool },
    writeBudget: budget && {
      ...budget,
      nextAvailableAt: budget.nextAvailableAt === null ? null : iso(budget.nextAvailableAt),
    },
    profiles: profileViews(doc.ledger).map((p) => {
      const where = p.desired ?? p.confirmed;
      return {
        connectorId: where?.connectorId ?? 0,
        chargingProfileId: p.chargingProfileId,
        purpose: where?.profile.chargingProfilePurpose ?? 'unknown',
        desired: p.desired ? { ...p.desired.profile } : null,
        confirmed: p.confirmed ? { ...p.confirmed.profile } : null,
        sync: p.sync,
        lastError: p.lastError,
      };
    }),
    configuration: doc.configuration,
    transactions: doc.ledger.transactions,
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
  const lastWrite = doc.ledger.writeTimes.at(-1);
  const budget = lastWrite === undefined ? null : writeBudgetOf(doc.ledger, lastWrite, caps);
  return {
    connected: doc.ledger.connected,
    outOfSync: outOfSync(doc),
    slotsUsed: slotsInUse(doc.ledger),
    budgetExhaustedUntil: budget?.nextAvailableAt ?? null,
  };
}
