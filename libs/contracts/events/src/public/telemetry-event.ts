import { z } from 'zod';
import { UtcInstant } from '../envelope.js';

/** Telemetry on `chargeplane.telemetry.v1`: meter values and connector status, as chargers reported them. */
export const TelemetryEvent = z.object({
  id: z.uuid(),
  type: z.enum(['MeterValuesReported', 'ConnectorStatusReported']),
  schemaVersion: z.literal(1),
  tenantId: z.string(),
  chargerId: z.string(),
  occurredAt: UtcInstant,
  recordedAt: UtcInstant,
  correlationId: z.string(),
  causationId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;

/** OCPP actions whose facts are telemetry, and the public type each becomes. */
export const telemetryTypeOf: Readonly<Record<string, TelemetryEvent['type']>> = {
  MeterValues: 'MeterValuesReported',
  StatusNotification: 'ConnectorStatusReported',
};
