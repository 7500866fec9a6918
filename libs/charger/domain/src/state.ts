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
  /** Refusals of the current desired content (a budgeted device gets one retry, §2.1). */
  rejections: number;
  /** When a refused write may be tried once more (ms), or null. */
  retryAt: number | null;
}

export interface InFlightWrite {
  writeId: string;
  /** The profile written (profile writes), or -1 for a ChangeConfiguration. */
  chargingProfileId: number;
  action: 'SetChargingProfile' | 'ClearChargingProfile' | 'ChangeConfiguration';
  /** The key and value written (ChangeConfiguration only). */
  configuration?: { key: string; value: string };
  at: number;
  /** The profile sent (for SetChargingProfile), which becomes confirmed on Accepted. */
  sent: InstalledProfile | null;
  /** The connection the write went out on: an `offline` answer about an older one says nothing about the current one. */
  connectionId: string | null;
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
  /** The configuration read since the last boot or connection has ended — read, or failed (see below) (Z17). */
  configurationCurrent: boolean;
  /** Why the last configuration read failed, or null: writes wait until a read succeeds (configuration-read.ts). */
  configurationReadFailure: string | null;
  /** The device gate that holds writes back (a refusal code), or null: recorded once, not on every command. */
  blockedBy: string | null;
  transactions: { connectorId: number; transactionId: number; startedAt: string }[];
  profiles: Record<number, ProfileRecord>;
  /** Configuration values the platform wants, and what became of the last write of each. */
  desiredConfiguration: Record<string, { value: string; reason: string; outcome: 'none' | 'rejected' | 'failed' }>;
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
  configurationCurrent: false,
  configurationReadFailure: null,
  blockedBy: null,
  transactions: [],
  profiles: {},
  desiredConfiguration: {},
  writeTimes: [],
  inFlight: null,
  deferredUntil: null,
});

/** Profiles the charger has, as far as the platform knows (confirmed ones). */
export function installedProfiles(state: ChargerState): InstalledProfile[] {
  return Object.values(state.profiles).flatMap((p) => (p.confirmed ? [p.confirmed] : []));
}

export const profileOf = (connectorId: number, profile: ChargingProfile): InstalledProfile => ({
  connectorId,
  profile,
});

/** Applies `apply` and clears the outstanding write when the event answers it. */
export function settle(state: ChargerState, writeId: string, apply: (s: ChargerState) => ChargerState): ChargerState {
  const next = apply(state);
  return state.inFlight?.writeId === writeId ? { ...next, inFlight: null } : next;
}

/**
 * The outstanding write `writeId` never left the edge (`not-sent`): its dispatch time leaves the budget window, so the
 * window holds only writes that may have reached the device. Only counted writes are given a send deadline.
 */
export function uncounted(state: ChargerState, writeId: string): ChargerState {
  const write = state.inFlight?.writeId === writeId ? state.inFlight : null;
  const index = write ? state.writeTimes.lastIndexOf(write.at) : -1;
  return index < 0 ? state : { ...state, writeTimes: state.writeTimes.filter((_, i) => i !== index) };
}
