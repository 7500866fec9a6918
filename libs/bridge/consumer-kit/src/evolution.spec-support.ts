import { ChargingProfileAcceptedV1, publicEventSchema } from '@chargeplane/contracts-events';
import { z } from 'zod';
import type { RawRecord } from './record-decoder.js';

// Hypothetical later versions of a real contract, to exercise evolution (never published).
const dataV1 = ChargingProfileAcceptedV1.shape.data;

/** v2, additive: an optional field, same topic. */
export const AcceptedV2Additive = publicEventSchema(
  'ChargingProfileAccepted',
  2,
  dataV1.extend({ slotsUsed: z.number().int().optional() }),
  'v2 (additive)',
);

/** v2, breaking: `writeId` renamed `dispatchId`, on a new topic. */
export const AcceptedV2Renamed = publicEventSchema(
  'ChargingProfileAccepted',
  2,
  dataV1.omit({ writeId: true }).extend({ dispatchId: z.string() }),
  'v2 (breaking)',
);

export const profile = {
  chargingProfileId: 100,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile' as const,
  chargingProfileKind: 'Absolute' as const,
  chargingSchedule: { chargingRateUnit: 'A' as const, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
};

export function acceptedEvent(
  schemaVersion: number,
  data: Record<string, unknown>,
  id = '5a2b8f9e-1c3d-4e5f-8a7b-9c0d1e2f3a4b',
) {
  return {
    id,
    type: 'ChargingProfileAccepted',
    schemaVersion,
    tenantId: 'tnt_a',
    chargerId: 'ZAPPI-1',
    occurredAt: '2026-11-25T10:00:00.000Z',
    recordedAt: '2026-11-25T10:00:00.010Z',
    correlationId: 'c1',
    causationId: null,
    data,
  };
}

export function recordOf(value: unknown, overrides: Partial<RawRecord> = {}): RawRecord {
  return {
    topic: 'chargeplane.charger-events.v1',
    partition: 0,
    offset: '0',
    key: 'ZAPPI-1',
    value: JSON.stringify(value),
    headers: {},
    ...overrides,
  };
}
