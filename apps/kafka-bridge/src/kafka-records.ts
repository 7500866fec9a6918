import type { KafkaRecord } from '@chargeplane/platform-messaging';
import { kafkaTraceHeaders, type TraceCarrier } from '@chargeplane/platform-observability';

/** The envelope fields a record's key and headers come from (every public event has them). */
export interface PublishableEvent {
  id: string;
  type: string;
  schemaVersion: number;
  tenantId: string;
  chargerId: string;
}

/**
 * A public event as a Kafka record: key = charger id (one charger, one partition, in order), value = the
 * event as JSON, headers let consumers route and dedupe without parsing the value; `traceparent`/`tracestate`
 * continue the trace of the message the record came from (W3C trace context), when it has one.
 */
export function toKafkaRecord(
  event: PublishableEvent,
  options: { replay: boolean; trace?: TraceCarrier },
): KafkaRecord {
  return {
    key: event.chargerId,
    value: event,
    headers: {
      type: event.type,
      schemaVersion: String(event.schemaVersion),
      tenantId: event.tenantId,
      eventId: event.id,
      ...(options.replay ? { replay: 'true' } : {}),
      ...kafkaTraceHeaders(options.trace),
    },
  };
}
