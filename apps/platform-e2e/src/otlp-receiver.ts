import { createServer } from 'node:http';
import { z } from 'zod';

/** One span as an OTLP/HTTP JSON export describes it, with the service that exported it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
}

const AnyValue = z.object({ stringValue: z.string().optional() }).loose();
const Attribute = z.object({ key: z.string(), value: AnyValue });
const ExportTraceServiceRequest = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes: z.array(Attribute).default([]) }).optional(),
      scopeSpans: z
        .array(
          z.object({
            spans: z
              .array(
                z.object({
                  traceId: z.string(),
                  spanId: z.string(),
                  parentSpanId: z.string().optional(),
                  name: z.string(),
                }),
              )
              .default([]),
          }),
        )
        .default([]),
    }),
  ),
});

export interface OtlpReceiver {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT (the exporter posts to `<url>/v1/traces`). */
  url: string;
  spans(): readonly ReceivedSpan[];
  /** Exports that could not be read (wrong path, content type or shape): a test expects none. */
  rejected(): readonly string[];
  stop(): Promise<void>;
}

/** An in-process OTLP/HTTP trace receiver taking the JSON encoding (what @opentelemetry/exporter-trace-otlp-http sends). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const rejected: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reject = (problem: string) => {
        rejected.push(problem);
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: problem }));
      };
      if (req.method !== 'POST' || req.url !== '/v1/traces') return reject(`${req.method} ${req.url}`);
      if (!String(req.headers['content-type']).startsWith('application/json'))
        return reject(`content-type ${req.headers['content-type']}`);
      let body: z.infer<typeof ExportTraceServiceRequest>;
      try {
        body = ExportTraceServiceRequest.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        return reject(`unreadable export: ${String(error)}`);
      }
      for (const rs of body.resourceSpans) {
        const service = rs.resource?.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '(unknown)';
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('OTLP receiver has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    spans: () => spans,
    rejected: () => rejected,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
