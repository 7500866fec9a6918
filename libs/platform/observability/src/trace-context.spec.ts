import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import {
  currentTraceCarrier,
  inSpan,
  kafkaTraceHeaders,
  readTraceHeaders,
  recordSpan,
  writeTraceHeaders,
} from './trace-context.js';
import { installTracerProvider, startTracing, tracingRequested, uninstallTracing } from './tracing.js';

const parent = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
const headerMap = () => {
  const values = new Map<string, string>();
  return { set: (k: string, v: string) => values.set(k, v), get: (k: string) => values.get(k) ?? '', values };
};

describe('trace context propagation', () => {
  describe('with tracing off (no SDK installed)', () => {
    it('has no carrier, writes no header and still runs the work of a span', async () => {
      const headers = headerMap();
      expect(await inSpan('work', { role: 'internal', parent }, () => currentTraceCarrier())).toBeUndefined();
      expect(writeTraceHeaders(headers)).toBe(false);
      expect(headers.values.size).toBe(0);
      expect(kafkaTraceHeaders(undefined)).toEqual({});
    });

    it('is requested only by an OTLP endpoint, and not when the SDK or the traces exporter is turned off', () => {
      expect(tracingRequested({})).toBe(false);
      expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
      expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
      expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
      expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(
        false,
      );
      expect(startTracing('test', {}).enabled).toBe(false);
    });
  });

  describe('with an SDK installed', () => {
    const exporter = new InMemorySpanExporter();
    beforeAll(() =>
      installTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })),
    );
    afterAll(() => uninstallTracing());
    beforeEach(() => exporter.reset());

    it('continues a received traceparent: the span is its child, and what it sends carries the new span', async () => {
      const sent = await inSpan('consume', { role: 'consumer', parent }, () => {
        const headers = headerMap();
        expect(writeTraceHeaders(headers)).toBe(true);
        return readTraceHeaders(headers);
      });
      const [span] = exporter.getFinishedSpans();
      expect(span?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
      expect(sent?.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span?.spanContext().spanId}-01`);
      expect(kafkaTraceHeaders(sent)).toEqual({ traceparent: sent?.traceparent });
    });

    it('keeps the context across awaits, ends a failed span as an error and rethrows', async () => {
      await expect(
        inSpan('outer', { role: 'server' }, async () => {
          await new Promise((r) => setTimeout(r, 1));
          const carrier = currentTraceCarrier();
          await inSpan('inner', { role: 'client' }, () => undefined);
          expect(carrier).toBeDefined();
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const spans = exporter.getFinishedSpans();
      const outer = spans.find((s) => s.name === 'outer');
      const inner = spans.find((s) => s.name === 'inner');
      expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
      expect(outer?.status).toMatchObject({ code: 2, message: 'boom' });
    });

    it('records a span for work already done, in the carrier’s trace', () => {
      const startTime = Date.now() - 5;
      recordSpan('consume batch', { role: 'consumer', parent, startTime });
      const [span] = exporter.getFinishedSpans();
      expect(span?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      const [seconds, nanos] = span?.startTime ?? [0, 0];
      expect(seconds * 1000 + Math.floor(nanos / 1e6)).toBe(startTime);
    });

    it('reads no carrier from headers without a traceparent', () => {
      expect(readTraceHeaders(headerMap())).toBeUndefined();
      expect(readTraceHeaders(undefined)).toBeUndefined();
    });
  });
});
