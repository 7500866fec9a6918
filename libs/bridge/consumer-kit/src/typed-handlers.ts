import type { PublicChargerEvent, PublicComplianceEvent, TelemetryEvent } from '@chargeplane/contracts-events';
import type { DecodedRecord, RecordMeta } from './record-decoder.js';

/** Every event type with a typed public schema, at the newest version this kit knows. */
export type KnownEvent = PublicChargerEvent | TelemetryEvent | PublicComplianceEvent;
export type KnownEventType = KnownEvent['type'];
export type EventOfType<T extends KnownEventType> = Extract<KnownEvent, { type: T }>;

type Handler<E> = (event: E, meta: RecordMeta) => void | Promise<void>;

/** One handler per event type, each typed with its own event; a type without a handler is skipped. */
export type EventHandlers = { [T in KnownEventType]?: Handler<EventOfType<T>> };

export interface ConsumerHandlers {
  events: EventHandlers;
  /** A type this build does not know yet (added after it was built): skipped unless handled here. */
  unknownType?: (type: string, meta: RecordMeta) => void | Promise<void>;
}

/** Calls the handler the decoded record is for (invalid records are the caller's to report). */
export async function dispatch(
  handlers: ConsumerHandlers,
  decoded: Exclude<DecodedRecord, { kind: 'invalid' }>,
): Promise<void> {
  switch (decoded.kind) {
    case 'event': {
      const event = decoded.event as KnownEvent;
      // The map is keyed by type, so the handler found is the one for this event's own type.
      const handler = handlers.events[event.type] as Handler<KnownEvent> | undefined;
      if (handler) await handler(event, decoded.meta);
      return;
    }
    case 'unknown-type':
      if (handlers.unknownType) await handlers.unknownType(decoded.type, decoded.meta);
      return;
  }
}
