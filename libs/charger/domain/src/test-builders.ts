// Builders for the specs of this library (not exported from index.ts): events, commands, profiles, fixed clock.
import type { ChargingProfile, ChargingSchedule, ChargingSchedulePeriod } from '@chargeplane/contracts-ocpp';
import type { ChargerCommand, WriteOutcome } from './commands/commands.js';
import type { ChargerEvent, EventOf } from './events.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
/** zappi's write window as the platform counts it: the device's 60 minutes plus a 30 s guard (capabilities.ts). */
export const GUARDED_WINDOW = HOUR + 30 * SECOND;
/** Wednesday 2026-11-25 10:00:00 UTC: every spec's clock starts here. */
export const T0 = Date.parse('2026-11-25T10:00:00Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

export const writeId = (n: number): string => `write-${n}`;
export const EDGE = 'edge-1';
export const CONNECTION = 'conn-1';
export const TRANSACTION = 4711;

// ——— profiles ———

/** `n` periods, one every 15 min from 0 s, limits alternating 16 A / 32 A (or all `limit`). */
export function periods(n: number, limit?: number): ChargingSchedulePeriod[] {
  return Array.from({ length: n }, (_, i) => ({ startPeriod: i * 900, limit: limit ?? (i % 2 === 0 ? 16 : 32) }));
}

export type ProfileOverrides = Partial<Omit<ChargingProfile, 'chargingSchedule'>> & {
  chargingSchedule?: Partial<ChargingSchedule>;
};

function aProfile(base: Omit<ChargingProfile, 'chargingSchedule'>, overrides: ProfileOverrides): ChargingProfile {
  const { chargingSchedule, ...rest } = overrides;
  return {
    ...base,
    ...rest,
    chargingSchedule: {
      startSchedule: '2026-11-25T00:00:00Z',
      chargingRateUnit: 'A',
      chargingSchedulePeriod: periods(1),
      ...chargingSchedule,
    },
  };
}

/** A valid zappi TxDefaultProfile: id 1, stack level 0, Absolute, one period of 16 A. */
export const aTxDefaultProfile = (overrides: ProfileOverrides = {}): ChargingProfile =>
  aProfile(
    {
      chargingProfileId: 1,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
    },
    overrides,
  );

/** A valid zappi Recurring Daily TxDefaultProfile (duration 86400 s). */
export const aDailyTxDefaultProfile = (overrides: ProfileOverrides = {}): ChargingProfile =>
  aTxDefaultProfile({
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    ...overrides,
    chargingSchedule: {
      duration: 86_400,
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 0 },
        { startPeriod: 2012, limit: 32 },
        { startPeriod: 25_275, limit: 0 },
      ],
      ...overrides.chargingSchedule,
    },
  });

/** A valid TxProfile for the running transaction: id 10, stack level 0, no transactionId (filled in by the decider). */
export const aTxProfile = (overrides: ProfileOverrides = {}): ChargingProfile =>
  aProfile(
    { chargingProfileId: 10, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute' },
    overrides,
  );

/** The same profile with a different limit in its first period (a real change). */
export const withLimit = (p: ChargingProfile, limit: number): ChargingProfile => ({
  ...p,
  chargingSchedule: {
    ...p.chargingSchedule,
    chargingSchedulePeriod: [{ startPeriod: 0, limit }, ...p.chargingSchedule.chargingSchedulePeriod.slice(1)],
  },
});

// ——— events ———

const ev = <T extends ChargerEvent['type']>(type: T, at: number, data: EventOf<T>['data']): EventOf<T> =>
  ({ type, schemaVersion: 1, occurredAt: iso(at), data }) as EventOf<T>;

export const aZappiRegistered = (at = T0) =>
  ev('ChargerRegistered', at, {
    tenantId: 'tenant-1',
    model: 'zappi',
    jurisdiction: 'GB',
    tags: ['depot-a'],
    credentialsHash: 'scrypt$00$11',
  });
export const aGenericRegistered = (at = T0) =>
  ev('ChargerRegistered', at, {
    tenantId: 'tenant-1',
    model: 'generic-ocpp16',
    jurisdiction: null,
    tags: [],
    credentialsHash: 'scrypt$00$11',
  });
export const booted = (firmwareVersion: string | null, at = T0) =>
  ev('ChargerBooted', at, {
    chargePointVendor: 'myenergi',
    chargePointModel: 'zappi',
    firmwareVersion,
    chargePointSerialNumber: '21234567',
  });
export const connected = (connectionId = CONNECTION, at = T0) =>
  ev('ChargerConnected', at, { edgeId: EDGE, connectionId });
export const disconnected = (connectionId = CONNECTION, at = T0) =>
  ev('ChargerDisconnected', at, { edgeId: EDGE, connectionId, reason: 'socket closed' });
export const configured = (values: Record<string, string>, at = T0) =>
  ev('ChargerConfigurationReported', at, { values, unknownKeys: [] });
export const transactionStarted = (transactionId = TRANSACTION, connectorId = 1, at = T0) =>
  ev('TransactionStarted', at, {
    connectorId,
    transactionId,
    idTag: 'VIRTUAL-TAG',
    meterStartWh: 0,
    startedAt: iso(at),
  });
export const transactionStopped = (transactionId = TRANSACTION, at = T0) =>
  ev('TransactionStopped', at, { transactionId, meterStopWh: 1000, stoppedAt: iso(at), reason: null });

export const desired = (profile: ChargingProfile, at = T0, connectorId = 1) =>
  ev('ChargingProfileDesired', at, { connectorId, chargingProfile: profile });
export const removalDesired = (chargingProfileId: number, at = T0) =>
  ev('ChargingProfileRemovalDesired', at, { chargingProfileId });
export const dispatched = (id: string, profile: ChargingProfile, at = T0, connectorId = 1) =>
  ev('ChargingProfileWriteDispatched', at, {
    writeId: id,
    chargingProfileId: profile.chargingProfileId,
    action: 'SetChargingProfile',
    request: { connectorId, csChargingProfiles: profile },
  });
export const dispatchedClear = (id: string, chargingProfileId: number, at = T0) =>
  ev('ChargingProfileWriteDispatched', at, {
    writeId: id,
    chargingProfileId,
    action: 'ClearChargingProfile',
    request: { id: chargingProfileId },
  });
export const deferred = (chargingProfileIds: number[], until: number | null, at = T0) =>
  ev('ChargingProfileWriteDeferred', at, {
    chargingProfileIds,
    reason: until === null ? 'awaiting-connection' : 'write-budget',
    until: until === null ? null : iso(until),
  });
export const accepted = (id: string, profile: ChargingProfile, at = T0, connectorId = 1) =>
  ev('ChargingProfileAccepted', at, {
    writeId: id,
    chargingProfileId: profile.chargingProfileId,
    connectorId,
    chargingProfile: profile,
  });
export const cleared = (id: string, chargingProfileId: number, status: 'Accepted' | 'Unknown' = 'Accepted', at = T0) =>
  ev('ChargingProfileCleared', at, { writeId: id, chargingProfileId, status });
/** A refusal; `retryAt` (ms) is when a budgeted device gets its one retry, null when the refusal is final. */
export const rejected = (
  id: string,
  chargingProfileId: number,
  status: 'Rejected' | 'NotSupported' = 'Rejected',
  at = T0,
  retryAt: number | null = null,
) =>
  ev('ChargingProfileRejectedByCharger', at, {
    writeId: id,
    chargingProfileId,
    status,
    retryAt: retryAt === null ? null : iso(retryAt),
  });
/** Writes held back because a device gate is closed (`detail`: the refusal code). */
export const notReady = (chargingProfileIds: number[], detail: string, at = T0) =>
  ev('ChargingProfileWriteDeferred', at, { chargingProfileIds, reason: 'device-not-ready', until: null, detail });
export const timedOut = (id: string, chargingProfileId: number, at = T0) =>
  ev('ChargingProfileWriteFailed', at, {
    writeId: id,
    chargingProfileId,
    failure: 'timeout',
    code: 'TIMEOUT',
    description: 'no answer from the charger in time; it may or may not have stored the write',
    outcomeKnown: false,
  });
export const offlineFailure = (id: string, chargingProfileId: number, at = T0) =>
  ev('ChargingProfileWriteFailed', at, {
    writeId: id,
    chargingProfileId,
    failure: 'offline',
    code: 'OFFLINE',
    description: 'the charger was not connected when the write was sent',
    outcomeKnown: true,
  });
export const refused = (chargingProfileId: number, code: string, details: Record<string, unknown> = {}, at = T0) =>
  ev('ChargingProfileRefused', at, {
    chargingProfileId,
    code,
    message: expect.any(String) as unknown as string,
    details,
  });

/** The configuration values a ready zappi reports: commercial mode on, SmartCharging supported. */
export const READY_ZAPPI_VALUES: Readonly<Record<string, string>> = {
  CommercialMode: 'True',
  SupportedFeatureProfiles: 'Core,SmartCharging',
};
/** The configuration read a ready zappi reports: commercial mode on, SmartCharging supported. */
export const readyZappiConfiguration = (at = T0) => configured({ ...READY_ZAPPI_VALUES }, at);

/** A zappi that can take profiles: registered, connected, booted on 5.5, its configuration read since. */
export const aReadyZappi = (at = T0): ChargerEvent[] => [
  aZappiRegistered(at),
  connected(CONNECTION, at),
  booted('5.5', at),
  readyZappiConfiguration(at),
];

/** A generic OCPP 1.6 charger that can take profiles: registered, connected, its configuration (SmartCharging) read since. */
export const aReadyGeneric = (at = T0): ChargerEvent[] => [
  aGenericRegistered(at),
  connected(CONNECTION, at),
  configured({ SupportedFeatureProfiles: 'Core,SmartCharging' }, at),
];

/** A profile the charger accepted earlier (desired, dispatched, accepted). */
export const confirmedEarlier = (profile: ChargingProfile, id: string, at = T0, connectorId = 1): ChargerEvent[] => [
  desired(profile, at, connectorId),
  dispatched(id, profile, at, connectorId),
  accepted(id, profile, at + SECOND, connectorId),
];

/** `n` accepted writes of TxDefaultProfile 1 (each a new limit), one every `step` ms from `from`. */
export function acceptedWrites(n: number, from: number, step = MINUTE): ChargerEvent[] {
  return Array.from({ length: n }, (_, i) =>
    confirmedEarlier(
      aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods(1, 6 + i) } }),
      `history-${i}`,
      from + i * step,
    ),
  ).flat();
}

// ——— commands ———

interface At {
  now?: number;
  writeId?: string;
}
const base = (o: At = {}) => ({ now: o.now ?? T0, writeId: o.writeId ?? writeId(1) });

export const registerZappi = (o?: At): ChargerCommand => ({
  ...base(o),
  type: 'RegisterCharger',
  tenantId: 'tenant-1',
  model: 'zappi',
  jurisdiction: 'GB',
  tags: ['depot-a'],
  credentialsHash: 'scrypt$00$11',
});
export const setDesired = (chargingProfile: ChargingProfile, o?: At & { connectorId?: number }): ChargerCommand => ({
  ...base(o),
  type: 'SetDesiredProfile',
  connectorId: o?.connectorId ?? 1,
  chargingProfile,
});
export const removeDesired = (chargingProfileId: number, o?: At): ChargerCommand => ({
  ...base(o),
  type: 'RemoveDesiredProfile',
  chargingProfileId,
});
export const recordConnected = (o?: At & { connectionId?: string }): ChargerCommand => ({
  ...base(o),
  type: 'RecordConnected',
  edgeId: EDGE,
  connectionId: o?.connectionId ?? CONNECTION,
});
export const recordDisconnected = (o?: At & { connectionId?: string }): ChargerCommand => ({
  ...base(o),
  type: 'RecordDisconnected',
  edgeId: EDGE,
  connectionId: o?.connectionId ?? CONNECTION,
  reason: 'socket closed',
});
export const recordBoot = (firmwareVersion: string | null, o?: At): ChargerCommand => ({
  ...base(o),
  type: 'RecordBoot',
  chargePointVendor: 'myenergi',
  chargePointModel: 'zappi',
  firmwareVersion,
  chargePointSerialNumber: '21234567',
});
export const recordConfiguration = (values: Record<string, string>, o?: At): ChargerCommand => ({
  ...base(o),
  type: 'RecordConfiguration',
  values,
  unknownKeys: [],
});
/** The configuration read a ready zappi reports (the platform reads it after every boot and connection, Z17). */
export const recordReadyConfiguration = (o?: At): ChargerCommand => recordConfiguration({ ...READY_ZAPPI_VALUES }, o);
export const recordTransactionStarted = (
  transactionId = TRANSACTION,
  o?: At & { connectorId?: number },
): ChargerCommand => ({
  ...base(o),
  type: 'RecordTransactionStarted',
  connectorId: o?.connectorId ?? 1,
  transactionId,
  idTag: 'VIRTUAL-TAG',
  meterStartWh: 0,
  startedAt: iso(o?.now ?? T0),
});
export const recordTransactionStopped = (transactionId = TRANSACTION, o?: At): ChargerCommand => ({
  ...base(o),
  type: 'RecordTransactionStopped',
  transactionId,
  meterStopWh: 1000,
  stoppedAt: iso(o?.now ?? T0),
  reason: null,
});
export const outcome = (forWriteId: string, result: WriteOutcome, o?: At): ChargerCommand => ({
  ...base(o),
  type: 'RecordWriteOutcome',
  forWriteId,
  outcome: result,
});
export const answered = (
  forWriteId: string,
  status: 'Accepted' | 'Rejected' | 'NotSupported' | 'Unknown',
  o?: At,
): ChargerCommand => outcome(forWriteId, { kind: 'result', status }, o);
export const reconcile = (o?: At): ChargerCommand => ({ ...base(o), type: 'Reconcile' });
