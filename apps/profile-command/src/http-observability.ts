import { ProfileRefusalCode } from '@chargeplane/contracts-api';
import {
  contextWithSpan,
  readTraceHeaders,
  runInContext,
  startSpan,
  type Span,
} from '@chargeplane/platform-observability';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ProfileCommandMetrics } from './profile-command.metrics.js';

type IncomingHeaders = Record<string, string | string[] | undefined>;

const headerReader = (headers: IncomingHeaders) => ({
  get: (key: string) => {
    const value = headers[key];
    return Array.isArray(value) ? value[0] : value;
  },
});

/**
 * Every HTTP request gets a server span (continuing the caller's W3C `traceparent`) that is the active context while
 * its handler runs — so the events it appends, the NATS requests and charger calls it makes carry its trace — and is
 * measured in `chargeplane_http_request_duration_seconds` by route as registered (`/v1/chargers/:chargerId`, never the
 * raw path: bounded labels) and status. A profile refused with 422 (a rule the charger can never meet: the body's
 * `code`) counts in `chargeplane_writes_refused_total` by that code.
 */
export function observeHttp(app: NestFastifyApplication, metrics: ProfileCommandMetrics): void {
  const fastify = app.getHttpAdapter().getInstance();
  const spans = new WeakMap<object, Span>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const span = startSpan(`${request.method}`, {
      role: 'server',
      parent: readTraceHeaders(headerReader(request.headers)),
      attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] ?? '/' },
    });
    spans.set(request, span);
    done();
  });
  // After the body is parsed (stream events lose the async context): the handler runs in the span's context.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (span) runInContext(contextWithSpan(span), done);
    else done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode === 422 && typeof payload === 'string') {
      const code = refusalCode(payload);
      if (code) metrics.writesRefused.inc({ reason: code });
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    metrics.httpDuration.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
    const span = spans.get(request);
    if (span) {
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: 2, message: `HTTP ${status}` });
      span.end();
    }
    done();
  });
}

/** The refusal code of a 422 answer's body (`{code, message, details}`), undefined for any other 422. */
function refusalCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return code === 'PROFILE_REFUSED' || ProfileRefusalCode.safeParse(code).success ? String(code) : undefined;
  } catch {
    return undefined;
  }
}
