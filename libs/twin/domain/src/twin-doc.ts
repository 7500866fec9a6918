import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import {
  emptyLedger,
  type DeviceModel,
  type InstalledProfile,
  type ProfileLedger,
} from '@chargeplane/smart-charging-domain';

/** The shape of the stored document; a stored doc of an older shape is folded again from the event store. */
export const TWIN_DOC_VERSION = 2;

/** The charger's last refusal of a profile: which write, what it answered, when. */
export interface LastRejection {
  status: 'Rejected' | 'NotSupported';
  writeId: string;
  at: string;
}

/**
 * The stored twin of one charger: the device facts, and the charger's profile ledger folded by the same
 * `evolveLedger` the aggregate uses; viewed at query time (the budget moves with time).
 */
export interface TwinDoc {
  docVersion: typeof TWIN_DOC_VERSION;
  chargerId: string;
  tenantId: string;
  model: DeviceModel;
  jurisdiction: 'GB' | null;
  tags: string[];
  vendor: string | null;
  firmwareVersion: string | null;
  configuration: Record<string, string>;
  lastSeenAt: string | null;
  /** Profiles, writes, budget, connection and transactions (docs/domain/profile-ledger.md). */
  ledger: ProfileLedger;
  /** Each profile's last refusal, kept as history while the ledger knows the profile. */
  lastRejections: Record<number, LastRejection>;
  /** The stream version last applied: a duplicate or older event changes nothing. */
  version: number;
  updatedAt: string;
}

export const emptyTwin = (chargerId: string): TwinDoc => ({
  docVersion: TWIN_DOC_VERSION,
  chargerId,
  tenantId: '',
  model: 'generic-ocpp16',
  jurisdiction: null,
  tags: [],
  vendor: null,
  firmwareVersion: null,
  configuration: {},
  lastSeenAt: null,
  ledger: emptyLedger(),
  lastRejections: {},
  version: 0,
  updatedAt: new Date(0).toISOString(),
});

/** Whether a stored document has the current shape (an older one is folded again from the event store). */
export const isCurrentTwinDoc = (doc: { docVersion?: unknown }): boolean => doc.docVersion === TWIN_DOC_VERSION;

/** The part of a version-1 document (before the ledger) a reader can still show until it is folded again. */
interface TwinDocV1 extends Omit<TwinDoc, 'docVersion' | 'ledger' | 'lastRejections'> {
  connected: boolean;
  transactions: ProfileLedger['transactions'];
  profiles: {
    chargingProfileId: number;
    desired: InstalledProfile | null;
    confirmed: InstalledProfile | null;
    phase?: string;
    lastError?: { code: string; description: string } | null;
  }[];
  writeTimes: number[];
}

/**
 * A stored document as readers show it. A version-1 document (stored before the ledger) is shown with what it
 * holds — connection, transactions, desired and confirmed profiles, write times — until the projection folds it
 * again from the event store on the charger's next event (or the twin rebuild does); it keeps version 1, so the
 * projection never folds on from it.
 */
export function readableTwinDoc(stored: TwinDoc | TwinDocV1): TwinDoc {
  if ('ledger' in stored && isCurrentTwinDoc(stored)) return stored;
  const old = stored as TwinDocV1;
  const profiles = Object.fromEntries(
    (old.profiles ?? []).map((p) => [
      p.chargingProfileId,
      {
        chargingProfileId: p.chargingProfileId,
        desired: p.desired,
        confirmed: p.confirmed,
        // A refused or failed write keeps its state; any other phase is shown from desired and confirmed.
        outcome:
          p.phase === 'rejected'
            ? ('rejected' as const)
            : p.phase === 'failed'
              ? ('failed' as const)
              : ('none' as const),
        lastError: p.lastError ?? null,
        rejections: 0,
        retryAt: null,
      },
    ]),
  );
  const ledger = {
    ...emptyLedger(),
    connected: old.connected ?? false,
    transactions: old.transactions ?? [],
    writeTimes: old.writeTimes ?? [],
    profiles,
  };
  const { connected: _c, transactions: _t, profiles: _p, writeTimes: _w, ...device } = old;
  return { ...device, docVersion: 1 as typeof TWIN_DOC_VERSION, ledger, lastRejections: {} };
}

export type { ChargingProfile };
