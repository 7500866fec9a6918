import { randomUUID } from 'node:crypto';
import type { KnownEvent } from '@chargeplane/bridge-consumer-kit';

/** A profile with `periods` schedule periods (each one slot). */
export const aProfile = (
  id: number,
  o: { purpose?: 'TxDefaultProfile' | 'TxProfile'; periods?: number; stackLevel?: number; transactionId?: number } = {},
) => ({
  chargingProfileId: id,
  stackLevel: o.stackLevel ?? 0,
  chargingProfilePurpose: o.purpose ?? ('TxDefaultProfile' as const),
  chargingProfileKind: 'Absolute' as const,
  ...(o.transactionId !== undefined ? { transactionId: o.transactionId } : {}),
  chargingSchedule: {
    chargingRateUnit: 'A' as const,
    chargingSchedulePeriod: Array.from({ length: o.periods ?? 1 }, (_, i) => ({ startPeriod: i * 600, limit: 16 })),
  },
});

/** A public event of `type` for `chargerId`, as the bridge publishes it (the data is the type's own). */
export function anEvent<T extends KnownEvent['type']>(
  type: T,
  chargerId: string,
  data: Extract<KnownEvent, { type: T }>['data'],
  occurredAt = '2026-11-25T10:15:00.000Z',
) {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    tenantId: 'tnt_a',
    chargerId,
    occurredAt,
    recordedAt: occurredAt,
    correlationId: 'c',
    causationId: null,
    data,
  } as Extract<KnownEvent, { type: T }>;
}

export const registered = (chargerId: string, model: 'zappi' | 'generic-ocpp16' = 'zappi') =>
  anEvent('ChargerRegistered', chargerId, { tenantId: 'tnt_a', model, jurisdiction: 'GB', tags: [] });

export const dispatched = (chargerId: string, id: number, at: string) =>
  anEvent(
    'ChargingProfileWriteDispatched',
    chargerId,
    { writeId: randomUUID(), chargingProfileId: id, action: 'ClearChargingProfile', request: { id } },
    at,
  );

export const accepted = (chargerId: string, profile: ReturnType<typeof aProfile>, connectorId = 1) =>
  anEvent('ChargingProfileAccepted', chargerId, {
    writeId: 'w',
    chargingProfileId: profile.chargingProfileId,
    connectorId,
    chargingProfile: profile,
  });
