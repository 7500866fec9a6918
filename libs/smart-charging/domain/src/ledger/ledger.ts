import type { DeviceCapabilities } from '../capabilities.js';
import type { ClearFilter, InstalledProfile } from '../installed-profiles.js';

/** What the last write of a profile's current desired state came to (L6–L8). */
export type WriteResult = 'none' | 'rejected' | 'failed' | 'unknown';

export interface LedgerError {
  code: string;
  description: string;
}

/** Where one profile id stands: what the CPO wants, what the charger confirmed, what the last write came to. */
export interface LedgerProfile {
  chargingProfileId: number;
  /** Desired content (null: the CPO wants it gone, or never asked for it). */
  desired: InstalledProfile | null;
  /** What the charger accepted (null: not on the device as far as the platform knows). */
  confirmed: InstalledProfile | null;
  outcome: WriteResult;
  lastError: LedgerError | null;
  /** Refusals of the current desired content (a budgeted device gets one retry, L9). */
  rejections: number;
  /** When a refused write may be tried once more (ms), or null. */
  retryAt: number | null;
}

/** A write that went out and has no answer yet (one per charger). */
export interface OutstandingWrite {
  writeId: string;
  /** The profile written, or -1 for a ChangeConfiguration. */
  chargingProfileId: number;
  action: 'SetChargingProfile' | 'ClearChargingProfile' | 'ChangeConfiguration';
  /** The key and value written (ChangeConfiguration only). */
  configuration?: { key: string; value: string };
  /** When it was dispatched (ms). */
  at: number;
  /** Whether its dispatch time is in `writeTimes` (a write the device counts). */
  counted: boolean;
  /** The profile sent (SetChargingProfile), which becomes confirmed on Accepted. */
  sent: InstalledProfile | null;
  /** What a ClearChargingProfile asked to clear. */
  clear: ClearFilter | null;
  /** The connection it went out on: an `offline` answer about an older one says nothing about the current one (L4). */
  connectionId: string | null;
}

/** The last profile write that timed out, remembered so that a late answer can settle it (L11). */
export interface TimedOutWrite {
  writeId: string;
  chargingProfileId: number;
  action: 'SetChargingProfile' | 'ClearChargingProfile';
  sent: InstalledProfile | null;
  clear: ClearFilter | null;
  /** When the timeout was recorded (ms): the resend waits a call timeout for the late answer (L11). */
  at: number;
}

/** A running transaction, for binding TxProfiles and for what leaves the device when it stops (Q10). */
export interface LedgerTransaction {
  connectorId: number;
  transactionId: number;
  startedAt: string;
}

/**
 * A charger's profile ledger: everything the platform knows about what is, and is to be, on the charger. Folded
 * from the charger stream by `evolveLedger` alone; the aggregate, the twin and compliance derive their views from
 * it (docs/domain/profile-ledger.md).
 */
export interface ProfileLedger {
  profiles: Record<number, LedgerProfile>;
  connected: boolean;
  /** The connection the charger is on now (L4). */
  connectionId: string | null;
  transactions: LedgerTransaction[];
  /** Dispatch times (ms) of counted writes still able to affect the budget (L10). */
  writeTimes: number[];
  inFlight: OutstandingWrite | null;
  lastTimedOut: TimedOutWrite | null;
  /** The write-budget deferral in force (ms), so a repeat deferral is not recorded twice. */
  deferredUntil: number | null;
  /** A budgeted device refused a write: its window counts as full until then (ms, L9). */
  budgetClosedUntil: number | null;
  /** The device gate that holds writes back (a refusal code), or null: recorded once, not on every command. */
  blockedBy: string | null;
  /** The charger answered that it does not do smart charging (L12): no profile write goes to it. */
  smartChargingMissing: LedgerError | null;
  /** The charger rebooted since `smartChargingMissing` was recorded (a new firmware may have brought it). */
  rebootedSinceMissing: boolean;
}

/** What of a device's capabilities the fold itself uses: the replacement rule and the write budget. */
export type LedgerCapabilities = Pick<DeviceCapabilities, 'singleTxDefaultProfile' | 'writeBudget'>;

export const emptyLedger = (): ProfileLedger => ({
  profiles: {},
  connected: false,
  connectionId: null,
  transactions: [],
  writeTimes: [],
  inFlight: null,
  lastTimedOut: null,
  deferredUntil: null,
  budgetClosedUntil: null,
  blockedBy: null,
  smartChargingMissing: null,
  rebootedSinceMissing: false,
});

/** The ledger part of a value that holds a ledger beside other things (the charger aggregate's state). */
export function ledgerOf(holder: ProfileLedger): ProfileLedger {
  return {
    profiles: holder.profiles,
    connected: holder.connected,
    connectionId: holder.connectionId,
    transactions: holder.transactions,
    writeTimes: holder.writeTimes,
    inFlight: holder.inFlight,
    lastTimedOut: holder.lastTimedOut,
    deferredUntil: holder.deferredUntil,
    budgetClosedUntil: holder.budgetClosedUntil,
    blockedBy: holder.blockedBy,
    smartChargingMissing: holder.smartChargingMissing,
    rebootedSinceMissing: holder.rebootedSinceMissing,
  };
}
