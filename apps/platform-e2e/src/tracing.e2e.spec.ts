import type { ChildProcess } from 'node:child_process';
import type { Twin } from '@chargeplane/contracts-api';
import { eventually, utcMidnight } from '@chargeplane/platform-testing';
import { api, freePort, startCharger, startHarness, tenantWithCharger, type Harness } from './e2e-harness.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const profile = {
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 7,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: {
      duration: 86400,
      startSchedule: utcMidnight(-1),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
  },
};

// The caller's own trace: the platform continues it (W3C traceparent on the PUT).
const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${callerTraceId}-00f067aa0ba902b7-01`;

describe('Tracing: one trace from the HTTP PUT through NATS, the edge, the charger call, the events and Kafka', () => {
  let h: Harness;
  let otlp: OtlpReceiver;
  let sim: ChildProcess | undefined;
  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    h = await startHarness({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '200' } });
  });
  afterAll(async () => {
    sim?.kill('SIGTERM');
    await h?.stop();
    await otlp?.stop();
  });

  it('exports spans of profile-command, ocpp-edge, device-twin, compliance-gb and kafka-bridge in the PUT’s trace', async () => {
    const { apiUrl, ocppUrl } = h.platform;
    const chargerId = 'ZAPPI-TRACE-0001';
    const { key, password } = await tenantWithCharger(h, 'tracing', { chargerId, model: 'zappi', jurisdiction: 'GB' });
    sim = startCharger({
      ocppUrl,
      id: chargerId,
      password,
      controlPort: await freePort(),
      extra: ['--jurisdiction', 'GB'],
    });
    await eventually(async () => {
      const twin = await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key);
      return twin.body.connected && twin.body.commercialMode === true ? twin : undefined;
    }, 30_000);

    const put = await fetch(`${apiUrl}/v1/chargers/${chargerId}/charging-profiles/7`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', traceparent },
      body: JSON.stringify(profile),
    });
    expect(put.status).toBe(202);

    // Each service's hop, as the span that shows it (exports from five processes arrive in any order: wait for all).
    // The outbox is relayed by whichever process holds its lock (profile-command or compliance-gb share it).
    const hops: [service: string | null, name: RegExp][] = [
      ['profile-command', /^PUT \/v1\/chargers\/:chargerId\/charging-profiles\/:chargingProfileId$/],
      ['profile-command', /^request compliance\.gb\.evaluate$/],
      ['compliance-gb', /^serve compliance\.gb\.evaluate$/],
      ['profile-command', /^request cp\..+\.call$/],
      ['ocpp-edge', /^serve cp\.call SetChargingProfile$/],
      ['ocpp-edge', /^ocpp SetChargingProfile$/],
      [null, /^outbox publish ChargingProfileWriteDispatched$/],
      ['device-twin', /^consume /],
      ['kafka-bridge', /^consume kafka-bridge-charger-events$/],
    ];
    const trace = await eventually(async () => {
      const spans = otlp.spans().filter((s) => s.traceId === callerTraceId);
      const complete = hops.every(([service, name]) =>
        spans.some((s) => (service ?? s.service) === s.service && name.test(s.name)),
      );
      // Parents end (and are exported) after their children: wait until every parent has arrived too.
      return complete && orphans(spans).length === 0 ? spans : undefined;
    }, 60_000).catch((error: unknown) => {
      const seen = otlp.spans().filter((s) => s.traceId === callerTraceId);
      const list = seen.map((s) => `${s.service}: ${s.name} (${s.spanId} ← ${s.parentSpanId})`).join(', ');
      throw new Error(`${String(error)}; spans of the trace: ${list}`);
    });

    expect(new Set(trace.map((s) => s.service)).size).toBeGreaterThanOrEqual(4);
    // The PUT's server span continues the caller's span; every other span descends from a span of the trace.
    const server = trace.find((s) => s.service === 'profile-command' && s.parentSpanId === '00f067aa0ba902b7');
    expect(server?.name).toBe('PUT /v1/chargers/:chargerId/charging-profiles/:chargingProfileId');
    expect(orphans(trace)).toEqual([]);
    // The charger's answer came back as a fact in the same trace (edge → OCPP_IN → profile-command).
    expect(names(trace, 'profile-command')).toContain('consume profile-command-facts');
    expect(otlp.rejected()).toEqual([]);

    // The same write in profile-command's domain metrics.
    const metrics = await (await fetch(`${apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/^chargeplane_writes_dispatched_total\{[^}]*action="SetChargingProfile"[^}]*\} [1-9]/m);
  });
});

/** Spans whose parent is neither a span of the trace nor the caller's span. */
function orphans(spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId).concat('00f067aa0ba902b7'));
  return spans.filter((s) => !ids.has(s.parentSpanId));
}

function names(spans: readonly ReceivedSpan[], service: string): string[] {
  return spans.filter((s) => s.service === service).map((s) => s.name);
}
