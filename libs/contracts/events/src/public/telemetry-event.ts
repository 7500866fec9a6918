import { z } from 'zod';
import { ConnectorStatusReportedV1 } from './connector-status-reported.v1.js';
import { MeterValuesReportedV1 } from './meter-values-reported.v1.js';

/** Telemetry on `chargeplane.telemetry.v1`: meter values and connector status, as chargers reported them. */
export const TelemetryEvent = z.discriminatedUnion('type', [MeterValuesReportedV1, ConnectorStatusReportedV1]);
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;

/** OCPP actions whose facts are telemetry, and the public type each becomes. */
export const telemetryTypeOf: Readonly<Record<string, TelemetryEvent['type']>> = {
  MeterValues: 'MeterValuesReported',
  StatusNotification: 'ConnectorStatusReported',
};

/** What the mapping needs from a charger fact (the edge's `ChargerFact`): kept structural, no dependency on its contract. */
export interface TelemetrySource {
  id: string;
  action: string;
  tenantId: string;
  chargerId: string;
  receivedAt: string;
  request: Record<string, unknown>;
}

/**
 * The public telemetry event of a charger fact, or null when the action is not telemetry. The OCPP request
 * becomes `data` field by field; the result is parsed (a fact that does not fit is an error, not a record).
 */
export function toTelemetryEvent(fact: TelemetrySource): TelemetryEvent | null {
  const type = telemetryTypeOf[fact.action];
  if (!type) return null;
  const r = fact.request;
  const data =
    type === 'MeterValuesReported'
      ? { connectorId: r['connectorId'], transactionId: r['transactionId'], meterValue: r['meterValue'] }
      : {
          connectorId: r['connectorId'],
          errorCode: r['errorCode'],
          info: r['info'],
          status: r['status'],
          timestamp: r['timestamp'],
          vendorId: r['vendorId'],
          vendorErrorCode: r['vendorErrorCode'],
        };
  return TelemetryEvent.parse({
    id: fact.id,
    type,
    schemaVersion: 1,
    tenantId: fact.tenantId,
    chargerId: fact.chargerId,
    occurredAt: fact.receivedAt,
    recordedAt: fact.receivedAt,
    correlationId: fact.id,
    causationId: null,
    data,
  });
}
