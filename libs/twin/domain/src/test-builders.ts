// Builders for the specs of this library (not exported from index.ts): charger-stream events, envelopes, a fixed clock.
import type { ChargerEvent, EventEnvelope, EventOf } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { applyEnvelope } from './fold.js';
import { emptyTwin, type TwinDoc } from './twin-doc.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
/** Wednesday 2026-11-25 10:00:00 UTC. */
export const T0 = Date.parse('2026-11-25T10:00:00Z');
export const iso = (ms: number): string => new Date(ms).toISOString();
export const CHARGER = 'ZAPPI-21234567';

export const ev = <T extends ChargerEvent['type']>(type: T, at: number, data: EventOf<T>['data']): EventOf<T> =>
  ({ type, schemaVersion: 1, occurredAt: iso(at), data }) as EventOf<T>;

/** A TxDefaultProfile (id 1 unless overridden) with `periods` periods of 16 A. */
export function aProfile(
  overrides: Partial<Omit<ChargingProfile, 'chargingSchedule'>> = {},
  periods = 1,
): ChargingProfile {
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    ...overrides,
    chargingSchedule: {
      startSchedule: '2026-11-25T00:00:00Z',
      chargingRateUnit: 'A',
      chargingSchedulePeriod: Array.from({ length: periods }, (_, i) => ({ startPeriod: i * 900, limit: 16 })),
    },
  };
}

export const registered = (model: 'zappi' | 'generic-ocpp16' = 'zappi', at = T0) =>
  ev('ChargerRegistered', at, {
    tenantId: 'tenant-1',
    model,
    jurisdiction: model === 'zappi' ? 'GB' : null,
    tags: ['depot-a'],
    credentialsHash: 'scrypt$00$11',
  });
export const booted = (firmwareVersion: string | null, at = T0) =>
  ev('ChargerBooted', at, {
    chargePointVendor: 'myenergi',
    chargePointModel: 'zappi',
    firmwareVersion,
    chargePointSerialNumber: '21234567',
  });
export const connected = (at = T0) => ev('ChargerConnected', at, { edgeId: 'edge-1', connectionId: 'conn-1' });
export const disconnected = (at = T0) =>
  ev('ChargerDisconnected', at, { edgeId: 'edge-1', connectionId: 'conn-1', reason: 'socket closed' });
export const configured = (values: Record<string, string>, at = T0) =>
  ev('ChargerConfigurationReported', at, { values, unknownKeys: [] });
export const transactionStarted = (transactionId: number, connectorId = 1, at = T0) =>
  ev('TransactionStarted', at, { connectorId, transactionId, idTag: 'TAG', meterStartWh: 0, startedAt: iso(at) });
export const transactionStopped = (transactionId: number, at = T0) =>
  ev('TransactionStopped', at, { transactionId, meterStopWh: 10, stoppedAt: iso(at), reason: null });
export const desired = (profile: ChargingProfile, at = T0, connectorId = 1) =>
  ev('ChargingProfileDesired', at, { connectorId, chargingProfile: profile });
export const removalDesired = (chargingProfileId: number, at = T0) =>
  ev('ChargingProfileRemovalDesired', at, { chargingProfileId });
export const refused = (chargingProfileId: number, at = T0) =>
  ev('ChargingProfileRefused', at, { chargingProfileId, code: 'SLOTS_EXCEEDED', message: 'no room', details: {} });
export const dispatched = (writeId: string, profile: ChargingProfile, at = T0, connectorId = 1) =>
  ev('ChargingProfileWriteDispatched', at, {
    writeId,
    chargingProfileId: profile.chargingProfileId,
    action: 'SetChargingProfile',
    request: { connectorId, csChargingProfiles: profile },
  });
export const dispatchedClear = (writeId: string, chargingProfileId: number, at = T0) =>
  ev('ChargingProfileWriteDispatched', at, {
    writeId,
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
export const accepted = (writeId: string, profile: ChargingProfile, at = T0, connectorId = 1) =>
  ev('ChargingProfileAccepted', at, {
    writeId,
    chargingProfileId: profile.chargingProfileId,
    connectorId,
    chargingProfile: profile,
  });
export const cleared = (writeId: string, chargingProfileId: number, at = T0) =>
  ev('ChargingProfileCleared', at, { writeId, chargingProfileId, status: 'Accepted' });
export const rejected = (writeId: string, chargingProfileId: number, at = T0) =>
  ev('ChargingProfileRejectedByCharger', at, { writeId, chargingProfileId, status: 'Rejected' });
export const failed = (
  writeId: string,
  chargingProfileId: number,
  failure: 'call-error' | 'timeout' | 'offline',
  at = T0,
) =>
  ev('ChargingProfileWriteFailed', at, {
    writeId,
    chargingProfileId,
    failure,
    code: failure === 'call-error' ? 'GenericError' : failure.toUpperCase(),
    description: `the write ended: ${failure}`,
    outcomeKnown: failure !== 'timeout',
  });

/** The stored envelope of `event` at `streamVersion` (recorded one second after it occurred). */
export function envelope(event: ChargerEvent, streamVersion: number): EventEnvelope {
  return {
    id: `00000000-0000-4000-8000-${String(streamVersion).padStart(12, '0')}`,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: `charger-${CHARGER}`,
    streamVersion,
    tenantId: 'tenant-1',
    chargerId: CHARGER,
    occurredAt: event.occurredAt,
    recordedAt: iso(Date.parse(event.occurredAt) + SECOND),
    correlationId: 'corr-1',
    causationId: null,
    data: event.data as Record<string, unknown>,
  };
}

/** The twin after applying `events` in order as versions 1…n (each must apply). */
export function twinOf(events: readonly ChargerEvent[]): TwinDoc {
  return events.reduce((twin, event, i) => {
    const result = applyEnvelope(twin, envelope(event, i + 1));
    if (result.kind !== 'applied') throw new Error(`event ${i + 1} (${event.type}) was not applied: ${result.kind}`);
    return result.twin;
  }, emptyTwin(CHARGER));
}

/** A zappi that reported firmware, commercial mode and is connected. */
export const aReadyZappi = (at = T0): ChargerEvent[] => [
  registered('zappi', at),
  booted('5.5', at),
  configured({ CommercialMode: 'True' }, at),
  connected(at),
];
