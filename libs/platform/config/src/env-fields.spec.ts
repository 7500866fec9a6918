import { metricsHost, otlpEndpoint } from './env-fields.js';

describe('observability env fields', () => {
  it('OTEL_EXPORTER_OTLP_ENDPOINT: an http(s) URL, unset when absent or empty, a clear error otherwise', () => {
    expect(otlpEndpoint.parse('http://otel-collector:4318')).toBe('http://otel-collector:4318');
    expect(otlpEndpoint.parse(undefined)).toBeUndefined();
    expect(otlpEndpoint.parse('  ')).toBeUndefined();
    const bad = otlpEndpoint.safeParse('otel-collector:4318');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('must be an http:// or https:// URL');
  });

  it('a metrics host binds to this host only unless told otherwise', () => {
    expect(metricsHost.parse(undefined)).toBe('127.0.0.1');
    expect(metricsHost.parse('0.0.0.0')).toBe('0.0.0.0');
    expect(metricsHost.safeParse('').success).toBe(false);
  });
});
