import {
  context,
  propagation,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/**
 * A W3C trace context as it travels outside a process: NATS headers, Kafka record headers and the event envelope's
 * `trace` (the hop through the event store and outbox) all carry these two fields under these names.
 */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** Where headers are written (NATS `MsgHdrs`, a plain record). */
export interface HeaderWriter {
  set(key: string, value: string): void;
}

/** Where headers are read (NATS `MsgHdrs.get` answers '' for a missing header). */
export interface HeaderReader {
  get(key: string): string | undefined;
}

export type SpanRole = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

const kinds: Record<SpanRole, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

const tracer = () => trace.getTracer('chargeplane');

// Set by startTracing: while it is false (no exporter configured) every helper returns at once, so a process without
// tracing pays a boolean test per hop, and NATS messages and Kafka records get no header.
let active = false;

/** Turns the helpers on (startTracing does, once it has installed the SDK) or off. */
export function setTracingActive(on: boolean): void {
  active = on;
}

const noSpan = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The active trace context (or `ctx`'s) as a carrier; undefined when there is none (tracing off, no span). */
export function currentTraceCarrier(ctx?: Context): TraceCarrier | undefined {
  if (!active) return undefined;
  ctx ??= context.active();
  if (trace.getSpan(ctx) === undefined) return undefined;
  const fields: Record<string, string> = {};
  propagation.inject(ctx, fields);
  if (!fields.traceparent) return undefined;
  return fields.tracestate
    ? { traceparent: fields.traceparent, tracestate: fields.tracestate }
    : { traceparent: fields.traceparent };
}

/** The context a carrier describes (a remote parent); the root context when there is no carrier. */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** Writes the active trace context into `headers`; false (nothing written) when there is none. */
export function writeTraceHeaders(headers: HeaderWriter, ctx?: Context): boolean {
  const carrier = currentTraceCarrier(ctx);
  if (!carrier) return false;
  headers.set('traceparent', carrier.traceparent);
  if (carrier.tracestate) headers.set('tracestate', carrier.tracestate);
  return true;
}

/** The trace context in received headers (NATS, HTTP, Kafka), undefined when they carry none. */
export function readTraceHeaders(headers: HeaderReader | undefined): TraceCarrier | undefined {
  if (!active) return undefined;
  const traceparent = headers?.get('traceparent');
  if (!traceparent) return undefined;
  const tracestate = headers?.get('tracestate');
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** A carrier as Kafka record headers (nothing when there is no carrier). */
export function kafkaTraceHeaders(carrier: TraceCarrier | undefined): Record<string, string> {
  if (!carrier) return {};
  return carrier.tracestate
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent };
}

export interface SpanOptions {
  role: SpanRole;
  /** The parent: a carrier received from another process, or a context; the active context when not given. */
  parent?: TraceCarrier | Context | undefined;
  attributes?: Attributes;
  startTime?: number;
}

function parentContext(parent: SpanOptions['parent']): Context {
  if (parent === undefined) return context.active();
  return 'traceparent' in parent ? contextFromCarrier(parent as TraceCarrier) : (parent as Context);
}

/** Starts a span (a no-op span when tracing is off); the caller ends it. */
export function startSpan(name: string, options: SpanOptions): Span {
  if (!active) return noSpan;
  const { role, parent, attributes, startTime } = options;
  return tracer().startSpan(
    name,
    { kind: kinds[role], ...(attributes ? { attributes } : {}), ...(startTime !== undefined ? { startTime } : {}) },
    parentContext(parent),
  );
}

/** The context in which `span` is the active span (for `runInContext`, or as another span's parent). */
export function contextWithSpan(span: Span, base: Context = context.active()): Context {
  return trace.setSpan(base, span);
}

/** Runs `fn` with `ctx` active: spans it starts are children, messages it sends carry it. */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  return active ? context.with(ctx, fn) : fn();
}

/** Ends a span as failed with `error`'s message. */
export function endSpanWithError(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

/**
 * Runs `fn` in a new span that is active while it runs (its sends carry it, its spans are children); the span ends
 * when `fn` settles, failed when it throws.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T> | T): Promise<T> {
  if (!active) return fn(noSpan);
  const span = startSpan(name, options);
  try {
    const result = await context.with(trace.setSpan(parentContext(options.parent), span), () => fn(span));
    span.end();
    return result;
  } catch (error) {
    endSpanWithError(span, error);
    throw error;
  }
}

/** A span for work already done (a message handled as part of a batch): from `startTime` to now. */
export function recordSpan(name: string, options: SpanOptions & { startTime: number }): void {
  if (!active) return;
  startSpan(name, options).end();
}

export type { Context, Span };
