import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { DeviceModel, InstalledProfile } from '@chargeplane/smart-charging-domain';

/** Where a profile's last write stands, as the charger stream told it. */
export type ProfilePhase =
  'pending' | 'dispatched' | 'deferred' | 'awaiting-connection' | 'rejected' | 'failed' | 'settled';

export interface TwinProfile {
  chargingProfileId: number;
  desired: InstalledProfile | null;
  confirmed: InstalledProfile | null;
  phase: ProfilePhase;
  lastError: { code: string; description: string } | null;
}

/** The stored twin of one charger: folded from its event stream, viewed at query time (budget moves with time). */
export interface TwinDoc {
  chargerId: string;
  tenantId: string;
  model: DeviceModel;
  jurisdiction: 'GB' | null;
  tags: string[];
  vendor: string | null;
  firmwareVersion: string | null;
  configuration: Record<string, string>;
  connected: boolean;
  lastSeenAt: string | null;
  transactions: { connectorId: number; transactionId: number; startedAt: string }[];
  profiles: TwinProfile[];
  /** Dispatch times (ms) of writes within the last budget window. */
  writeTimes: number[];
  /** The stream version last applied: a duplicate or older event changes nothing. */
  version: number;
  updatedAt: string;
}

export const emptyTwin = (chargerId: string): TwinDoc => ({
  chargerId,
  tenantId: '',
  model: 'generic-ocpp16',
  jurisdiction: null,
  tags: [],
  vendor: null,
  firmwareVersion: null,
  configuration: {},
  connected: false,
  lastSeenAt: null,
  transactions: [],
  profiles: [],
  writeTimes: [],
  version: 0,
  updatedAt: new Date(0).toISOString(),
});

export type { ChargingProfile };
