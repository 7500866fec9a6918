import { sameProfile } from '../canonical-profile.js';
import { replaces, type InstalledProfile } from '../installed-profiles.js';
import type { LedgerCapabilities, LedgerProfile, ProfileLedger, WriteResult } from './ledger.js';

export const emptyRecord = (chargingProfileId: number): LedgerProfile => ({
  chargingProfileId,
  desired: null,
  confirmed: null,
  outcome: 'none',
  lastError: null,
  rejections: 0,
  retryAt: null,
});

/** Two installed profiles are the same write: same connector, same canonical content (§2.1). */
export const sameInstalled = (a: InstalledProfile, b: InstalledProfile): boolean =>
  a.connectorId === b.connectorId && sameProfile(a.profile, b.profile);

/** A record that says nothing any more (nothing desired, confirmed or pending) is dropped (L15). */
const says = (r: LedgerProfile) => r.desired !== null || r.confirmed !== null || r.outcome !== 'none';

export function withProfile(
  ledger: ProfileLedger,
  id: number,
  change: (r: LedgerProfile) => LedgerProfile,
): ProfileLedger {
  const next = change(ledger.profiles[id] ?? emptyRecord(id));
  // A copy and one key set or deleted: the same object as a rest-spread without the key, at a fraction of the
  // cost (integer keys keep their numeric order either way).
  const profiles = { ...ledger.profiles };
  if (says(next)) profiles[id] = next;
  else delete profiles[id];
  return { ...ledger, profiles };
}

export function mapRecords(ledger: ProfileLedger, change: (r: LedgerProfile) => LedgerProfile): ProfileLedger {
  const records = Object.values(ledger.profiles);
  const changed = records.map(change);
  // Most events change no record: the ledger is then kept as it is (a fold allocates for every event it reads).
  if (changed.every((r, i) => r === records[i] && says(r))) return ledger;
  const profiles = changed.filter(says).map((r) => [r.chargingProfileId, r] as const);
  return { ...ledger, profiles: Object.fromEntries(profiles) };
}

/**
 * After a timeout the device may hold either version: that stays so until the charger answers a write (L8).
 * A refusal does not answer it: content equal to the confirmed profile is only ever sent while that is unknown.
 */
export const stillUnknown = (r: LedgerProfile): WriteResult =>
  r.outcome === 'unknown' ||
  (r.outcome === 'rejected' && r.desired !== null && r.confirmed !== null && sameInstalled(r.desired, r.confirmed))
    ? 'unknown'
    : 'none';

/** L2: a newly desired profile supersedes every desired profile it would replace on the device. */
export function desireInto(ledger: ProfileLedger, desired: InstalledProfile, caps: LedgerCapabilities): ProfileLedger {
  const id = desired.profile.chargingProfileId;
  const superseded = mapRecords(ledger, (r) =>
    r.desired && r.chargingProfileId !== id && replaces(r.desired, desired, caps)
      ? { ...r, desired: null, outcome: 'none', lastError: null }
      : r,
  );
  return withProfile(superseded, id, (r) => ({
    ...r,
    desired,
    outcome: stillUnknown(r),
    lastError: null,
    rejections: 0,
    retryAt: null,
  }));
}

/** L5: an accepted profile removes from the device every confirmed profile it replaces (one replacement rule). */
export function acceptInto(
  ledger: ProfileLedger,
  confirmed: InstalledProfile,
  caps: LedgerCapabilities,
): ProfileLedger {
  const id = confirmed.profile.chargingProfileId;
  const replaced = mapRecords(ledger, (r) =>
    r.confirmed && r.chargingProfileId !== id && replaces(r.confirmed, confirmed, caps) ? { ...r, confirmed: null } : r,
  );
  return withProfile(replaced, id, (r) => ({
    ...r,
    confirmed,
    outcome: 'none',
    lastError: null,
    rejections: 0,
    retryAt: null,
  }));
}

/** L8: a timed-out write may have replaced other confirmed profiles on the device (zappi: any TxDefaultProfile). */
export function unknownWhereReplaced(
  ledger: ProfileLedger,
  sent: InstalledProfile,
  caps: LedgerCapabilities,
): ProfileLedger {
  return mapRecords(ledger, (r) =>
    r.confirmed && replaces(r.confirmed, sent, caps) ? { ...r, outcome: 'unknown' } : r,
  );
}

/** Whether the record still wants what the outstanding write carried (set: that content; clear: nothing). */
export function stillWanted(ledger: ProfileLedger, writeId: string, r: LedgerProfile): boolean {
  const write = ledger.inFlight?.writeId === writeId ? ledger.inFlight : null;
  if (!write) return true;
  if (!write.sent) return r.desired === null;
  return r.desired !== null && sameInstalled(r.desired, write.sent);
}

/** Applies `apply` and clears the outstanding write when the event answers it. */
export function settle(
  ledger: ProfileLedger,
  writeId: string,
  apply: (l: ProfileLedger) => ProfileLedger,
): ProfileLedger {
  const next = apply(ledger);
  return ledger.inFlight?.writeId === writeId ? { ...next, inFlight: null } : next;
}
