import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { DeviceModel, InstalledProfile } from '@chargeplane/smart-charging-domain';

/** Where one profile id stands: what the CPO wants, what the charger confirmed, the last outcome. */
export interface ProfileRecord {
  chargingProfileId: number;
  /** Desired content (null: the CPO wants it gone, or never asked for it). */
  desired: InstalledProfile | null;
  /** What the charger accepted (null: not on the device as far as we know). */
  confirmed: InstalledProfile | null;
  /** The outcome of the last write for the current desired state. */
  outcome: 'none' | 'rejected' | 'failed' | 'unknown';
  lastError: { code: string; description: string } | null;
}

export interface InFlightWrite {
  writeId: string;
  chargingProfileId: number;
  action: 'SetChargingProfile' | 'ClearChargingProfile';
  at: number;
  /** The profile sent (for SetChargingProfile), which becomes confirmed on Accepted. */
  sent: InstalledProfile | null;
}

export interface ChargerState {
  registered: boolean;
  chargerId: string;
  tenantId: string;
  model: DeviceModel;
  jurisdiction: 'GB' | null;
  tags: string[];
  credentialsHash: string;
  firmwareVersion: string | null;
  configuration: Record<string, string>;
  connected: boolean;
  /** The connection the charger is on now: a late close of an older one must not mark it offline. */
  connectionId: string | null;
  transactions: { connectorId: number; transactionId: number; startedAt: string }[];
  profiles: Record<number, ProfileRecord>;
  /** Dispatch times (ms) of writes still able to affect the budget. */
  writeTimes: number[];
  inFlight: InFlightWrite | null;
  /** The write-budget deferral in force (ms), so a repeat deferral is not recorded twice. */
  deferredUntil: number | null;
}

export const initialState = (): ChargerState => ({
  registered: false,
  chargerId: '',
  tenantId: '',
  model: 'generic-ocpp16',
  jurisdiction: null,
  tags: [],
  credentialsHash: '',
  firmwareVersion: null,
  configuration: {},
  connected: false,
  connectionId: null,
  transactions: [],
  profiles: {},
  writeTimes: [],
  inFlight: null,
  deferredUntil: null,
});

/** Profiles the charger has, as far as the platform knows (confirmed ones). */
export function installedProfiles(state: ChargerState): InstalledProfile[] {
  return Object.values(state.profiles).flatMap((p) => (p.confirmed ? [p.confirmed] : []));
}

export const profileOf = (connectorId: number, profile: ChargingProfile): InstalledProfile => ({ connectorId, profile });
