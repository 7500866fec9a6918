import type { SyncState } from '@chargeplane/contracts-api';
import type { DeviceCapabilities } from '../capabilities.js';
import { slotsUsed, type InstalledProfile } from '../installed-profiles.js';
import { writeBudgetAt, type WriteBudget } from '../write-budget.js';
import type { LedgerError, LedgerProfile, ProfileLedger } from './ledger.js';
import { sameInstalled } from './ledger-records.js';

/** A profile's sync state: the public `SyncState` of the API. */
export type LedgerSyncState = SyncState;

/** One profile as every reader shows it: content, sync state and the reason it is not in sync. */
export interface LedgerProfileView {
  chargingProfileId: number;
  desired: InstalledProfile | null;
  confirmed: InstalledProfile | null;
  sync: LedgerSyncState;
  lastError: LedgerError | null;
}

const byId = (a: LedgerProfile, b: LedgerProfile) => a.chargingProfileId - b.chargingProfileId;

/** D1: the profiles on the charger as far as the platform knows (confirmed ones), in id order. */
export function installedOf(ledger: ProfileLedger): InstalledProfile[] {
  return Object.values(ledger.profiles)
    .sort(byId)
    .flatMap((r) => (r.confirmed ? [r.confirmed] : []));
}

/** D2: the profiles the charger is to hold once every desired change is made, in id order. */
export function desiredOf(ledger: ProfileLedger): InstalledProfile[] {
  return Object.values(ledger.profiles)
    .sort(byId)
    .flatMap((r) => (r.desired ? [r.desired] : []));
}

/** D3: slots in use on the device (its confirmed profiles' periods, Z7). */
export function slotsInUse(ledger: ProfileLedger): number {
  return slotsUsed(installedOf(ledger));
}

/** D4: the write budget at `now` (null for a device without one), a window the device closed included (L9). */
export function writeBudgetOf(
  ledger: ProfileLedger,
  now: number,
  caps: Pick<DeviceCapabilities, 'writeBudget'>,
): WriteBudget | null {
  return caps.writeBudget ? writeBudgetAt(ledger.writeTimes, now, caps.writeBudget, ledger.budgetClosedUntil) : null;
}

/**
 * D5: whether the profile's desired content is already on the charger: confirmed with the same canonical
 * content, and not since put in doubt by a write of unknown outcome (L8). Nothing else asks this question.
 */
export function isOnCharger(r: LedgerProfile): boolean {
  return r.desired !== null && r.confirmed !== null && r.outcome === 'none' && sameInstalled(r.desired, r.confirmed);
}

/** D6: whether the charger holds what the CPO wants for this id: the desired content, or (removed) nothing. */
export function isInSync(r: LedgerProfile): boolean {
  return r.desired === null ? r.confirmed === null && r.outcome !== 'unknown' : isOnCharger(r);
}

/** D7: the profile's sync state and why it is not in sync (the gate that holds writes back, when nothing else says). */
export function syncOf(
  ledger: ProfileLedger,
  r: LedgerProfile,
): { sync: LedgerSyncState; lastError: LedgerError | null } {
  const sync: LedgerSyncState =
    ledger.inFlight?.chargingProfileId === r.chargingProfileId
      ? 'dispatched'
      : r.outcome === 'rejected'
        ? 'rejected'
        : r.outcome === 'failed'
          ? 'failed'
          : isInSync(r)
            ? 'in-sync'
            : ledger.connected
              ? 'deferred'
              : 'awaiting-connection';
  const gate = ledger.blockedBy;
  const lastError =
    r.lastError ?? (sync !== 'in-sync' && gate ? { code: gate, description: `waiting: ${gate}` } : null);
  return { sync, lastError };
}

/** D8: every profile the ledger knows (desired, confirmed or with a write outstanding or refused), in id order. */
export function profileViews(ledger: ProfileLedger): LedgerProfileView[] {
  return Object.values(ledger.profiles)
    .sort(byId)
    .map((r) => ({
      chargingProfileId: r.chargingProfileId,
      desired: r.desired,
      confirmed: r.confirmed,
      ...syncOf(ledger, r),
    }));
}
