import type { NewEvent } from '@chargeplane/contracts-events';
import { currentTraceCarrier } from '@chargeplane/platform-observability';

/**
 * The events with the active trace context as their `trace` (one they already carry is kept), taken when the append
 * is asked for: a group commit runs later, in the context of whichever request opened its batch. Nothing changes
 * when there is no active trace (tracing off).
 */
export function withTraceContext(events: readonly NewEvent[]): readonly NewEvent[] {
  const carrier = currentTraceCarrier();
  if (!carrier) return events;
  return events.map((event) => (event.trace ? event : { ...event, trace: carrier }));
}
