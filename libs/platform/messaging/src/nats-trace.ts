import { currentTraceCarrier, readTraceHeaders, type TraceCarrier } from '@chargeplane/platform-observability';
import { headers, type MsgHdrs } from '@nats-io/transport-node';

/** NATS headers carrying the active trace context (`traceparent`, `tracestate`); undefined when there is none. */
export function traceHeaders(): MsgHdrs | undefined {
  const carrier = currentTraceCarrier();
  if (!carrier) return undefined;
  const h = headers();
  h.set('traceparent', carrier.traceparent);
  if (carrier.tracestate) h.set('tracestate', carrier.tracestate);
  return h;
}

/** The trace context a received NATS message (core or JetStream) carries in its headers. */
export function traceOf(msg: { headers?: MsgHdrs | undefined }): TraceCarrier | undefined {
  return readTraceHeaders(msg.headers);
}
