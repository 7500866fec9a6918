import { z } from 'zod';

/** ISO-8601 UTC instant with `Z` (milliseconds optional). Every timestamp in an envelope uses it. */
export const UtcInstant = z.iso.datetime();

/**
 * The W3C trace context of the request or message that caused an event (`traceparent`, `tracestate`), so the trace
 * continues from the append through the event store and the outbox to the consumers. Internal: the public envelope
 * on Kafka does not carry it (Kafka records carry it as headers).
 */
export const EventTraceContext = z.object({
  traceparent: z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'a W3C traceparent'),
  tracestate: z.string().max(512).optional(),
});
export type EventTraceContext = z.infer<typeof EventTraceContext>;

/**
 * The event envelope: the same shape when stored (events table) and on the wire (JetStream, Kafka).
 * `data` is validated by the event type's own schema; the envelope only fixes its frame.
 */
export const EventEnvelope = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'event type is PascalCase'),
  schemaVersion: z.number().int().positive(),
  streamId: z.string().min(1).max(200),
  streamVersion: z.number().int().positive(),
  tenantId: z.string().min(1),
  chargerId: z.string().min(1),
  occurredAt: UtcInstant,
  recordedAt: UtcInstant,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  data: z.record(z.string(), z.unknown()),
  /** Optional (events appended without a trace, and every event before it existed, have none). */
  trace: EventTraceContext.optional(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** An event before the store has given it a version and a recorded time. */
export const NewEvent = EventEnvelope.omit({ streamVersion: true, recordedAt: true, streamId: true });
export type NewEvent = z.infer<typeof NewEvent>;

/** A domain event as an aggregate decides it: the part of an envelope that is the event itself. */
export interface DecidedEvent {
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: unknown;
}

/** Who caused an append: the tenant, the request or fact it answers, and what caused it directly. */
export interface EventContext {
  tenantId: string;
  correlationId: string;
  causationId: string | null;
}

/** Wraps a charger's decided events for the store, each with a fresh id from `newId`. */
export function toNewEvents(
  chargerId: string,
  events: readonly DecidedEvent[],
  context: EventContext,
  newId: () => string,
): NewEvent[] {
  return events.map((e) => ({
    id: newId(),
    type: e.type,
    schemaVersion: e.schemaVersion,
    tenantId: context.tenantId,
    chargerId,
    occurredAt: e.occurredAt,
    correlationId: context.correlationId,
    causationId: context.causationId,
    data: e.data as Record<string, unknown>,
  }));
}

/** The stream of one charger's events. */
export const chargerStreamId = (chargerId: string): string => `charger-${chargerId}`;
