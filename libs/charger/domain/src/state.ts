import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import {
  emptyLedger,
  installedOf,
  type DeviceModel,
  type InstalledProfile,
  type LedgerProfile,
  type OutstandingWrite,
  type ProfileLedger,
} from '@chargeplane/smart-charging-domain';

/** Where one profile id stands: the ledger's record (smart-charging-domain). */
export type ProfileRecord = LedgerProfile;
export type InFlightWrite = OutstandingWrite;

/**
 * The charger aggregate's state: the charger's profile ledger (profiles, connection, transactions, writes and
 * budget; folded only by `evolveLedger`, docs/domain/profile-ledger.md) and the device facts beside it.
 */
export interface ChargerState extends ProfileLedger {
  registered: boolean;
  chargerId: string;
  tenantId: string;
  model: DeviceModel;
  jurisdiction: 'GB' | null;
  tags: string[];
  credentialsHash: string;
  firmwareVersion: string | null;
  configuration: Record<string, string>;
  /** The configuration read since the last boot or connection has ended — read, or failed (see below) (Z17). */
  configurationCurrent: boolean;
  /** Why the last configuration read failed, or null: writes wait until a read succeeds (configuration-read.ts). */
  configurationReadFailure: string | null;
  /**
   * When a configuration read should have been recorded by (ms; Z17a): set by a connection or boot, and by a read
   * that failed; null once a read succeeded. Past it, a wake-up asks for the read again (the one scheduled in
   * memory may have died with its process).
   */
  configurationReadDueBy: number | null;
  /** Configuration values the platform wants, and what became of the last write of each. */
  desiredConfiguration: Record<string, { value: string; reason: string; outcome: 'none' | 'rejected' | 'failed' }>;
}

export const initialState = (): ChargerState => ({
  ...emptyLedger(),
  registered: false,
  chargerId: '',
  tenantId: '',
  model: 'generic-ocpp16',
  jurisdiction: null,
  tags: [],
  credentialsHash: '',
  firmwareVersion: null,
  configuration: {},
  configurationCurrent: false,
  configurationReadFailure: null,
  configurationReadDueBy: null,
  desiredConfiguration: {},
});

/** Profiles the charger has, as far as the platform knows (the ledger's confirmed ones). */
export const installedProfiles = (state: ChargerState): InstalledProfile[] => installedOf(state);

export const profileOf = (connectorId: number, profile: ChargingProfile): InstalledProfile => ({
  connectorId,
  profile,
});
