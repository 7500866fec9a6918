import type {
  DelayExemptionReason,
  GbPolicySettings,
  PeakWindow,
  RelevantTimeDelay,
} from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { DeviceModel } from '@chargeplane/smart-charging-domain';

/** The last delay decision for one profile id: what came in, what went out, and until when it stands. */
export interface AppliedDelay {
  connectorId: number;
  nominal: ChargingProfile;
  delivered: ChargingProfile;
  maxDelaySeconds: number;
  /** False when every relevant time was exempted (the delivered profile is the nominal one). */
  delayed: boolean;
  exemption: DelayExemptionReason | null;
  /** Each relevant time's draw as `RandomisedDelayApplied` recorded it (empty when exempted). */
  draws: readonly RelevantTimeDelay[];
  /** A recurring profile's delays are drawn again at this instant (null: never). */
  refreshAtMs: number | null;
  /** The owner's next-relevant-time override was used up here. */
  overrideConsumed: boolean;
  atMs: number;
}

/** A removal held back by its delay (rule G1): `tail` holds the limit until `endsAtMs`, then it is removed. */
export interface DelayedRemoval {
  connectorId: number;
  tail: ChargingProfile;
  endsAtMs: number;
}

/** What the platform knows of the charger's own delay key (RandomSmartChargeDelay, kept raw: Q1). */
export interface DeviceDelayState {
  reported: string | null;
  /** When the charger last reported its configuration (null: never, so "missing" means nothing yet). */
  reportedAtMs: number | null;
  keyUnknown: boolean;
  /** The last non-zero reading: what to restore (Q1: only ever write "0" or the value read before). */
  lastNonZero: string | null;
  /** A requested value the charger has not answered yet. */
  pending: { value: string; atMs: number } | null;
  refused: { value: string; status: string; atMs: number } | null;
  lastCheck: { value: string | null; compliant: boolean } | null;
}

export interface IssuedOffPeakDefault {
  connectorId: number;
  profile: ChargingProfile;
  horizonEndMs: number;
  nextWriteAtMs: number;
  /** What the default was built from (windows, override, who delays): a change means a new default. */
  specKey: string;
  atMs: number;
}

export interface PolicyState {
  exists: boolean;
  tenantId: string;
  model: DeviceModel;
  createdAtMs: number | null;
  settings: GbPolicySettings;
  /** The platform delays every profile (from the switch to platform until the device delay is back on). */
  platformDelayActive: boolean;
  deviceDelay: DeviceDelayState;
  applied: Readonly<Record<number, AppliedDelay>>;
  /** Removals under way, by profile id. */
  removals: Readonly<Record<number, DelayedRemoval>>;
  /** The CPO's own desired TxDefaultProfile, if any: then the platform keeps no default. */
  cpoTxDefaultProfileId: number | null;
  offPeak: { issued: IssuedOffPeakDefault | null; refused: { atMs: number; code: string; message: string } | null };
}

/** A GB charger's starting settings (§4.3): device mode, 600 s, no override, no DSR, off-peak default on. */
export const defaultGbSettings = (): GbPolicySettings => ({
  jurisdiction: 'GB',
  randomisedDelay: { mode: 'device', maxDelaySeconds: 600 },
  ownerOverride: null,
  dsrAgreement: false,
  dsrResponseActive: false,
  offPeakDefault: { enabled: true, ownerChoice: null },
});

export const initialPolicyState = (): PolicyState => ({
  exists: false,
  tenantId: '',
  model: 'generic-ocpp16',
  createdAtMs: null,
  settings: defaultGbSettings(),
  platformDelayActive: false,
  deviceDelay: {
    reported: null,
    reportedAtMs: null,
    keyUnknown: false,
    lastNonZero: null,
    pending: null,
    refused: null,
    lastCheck: null,
  },
  applied: {},
  removals: {},
  cpoTxDefaultProfileId: null,
  offPeak: { issued: null, refused: null },
});

/** Whether a delay-key value switches the charger's own delay off ("0", "0.0"; anything else is left as read). */
export const isZeroDelay = (value: string): boolean => /^\s*0+(\.0+)?\s*$/.test(value);
export const deviceDelayOn = (value: string | null): value is string =>
  value !== null && value.trim() !== '' && !isZeroDelay(value);

/** What the off-peak default depends on: when it changes, the default is built again. */
export function offPeakSpecKey(
  windows: readonly PeakWindow[],
  overrideUntilMs: number | null,
  platformDelay: boolean,
  maxDelaySeconds: number,
): string {
  return JSON.stringify({ windows, overrideUntilMs, delay: platformDelay ? maxDelaySeconds : 'device' });
}
