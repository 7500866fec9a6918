import { aTxDefaultProfileBody, eventually } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const profile = (chargingProfileId: number, periods = 1) => aTxDefaultProfileBody(chargingProfileId, { periods });

describe("profile-command's domain metrics at /metrics (real PostgreSQL and NATS)", () => {
  let t: TestApp;
  let key: string;
  const metrics = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'metrics' })).body['apiKey']);
    expect((await t.call('POST', '/v1/chargers', key, { chargerId: 'M-1', model: 'zappi' })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('counts a deferred write by reason, a refused one by code, and the HTTP latency by route and status', async () => {
    expect((await t.call('PUT', '/v1/chargers/M-1/charging-profiles/7', key, profile(7))).body['status']).toBe(
      'awaiting-connection',
    );
    expect((await t.call('PUT', '/v1/chargers/M-1/charging-profiles/8', key, profile(8, 85))).status).toBe(422);

    // Writes are counted when their events commit; the outbox lag when they are published, by the writer itself right
    // after the commit (publish on commit is on by default).
    const text = await eventually(async () => {
      const body = await metrics();
      const deferred = sample(body, 'chargeplane_writes_deferred_total', { reason: 'awaiting-connection' });
      const published = sample(body, 'chargeplane_outbox_lag_seconds_count', { publisher: 'writer' }) ?? 0;
      return deferred === 1 && published > 0 ? body : undefined;
    }, 20_000);
    expect(sample(text, 'chargeplane_writes_refused_total', { reason: 'TOO_MANY_PERIODS' })).toBe(1);
    const route = '/v1/chargers/:chargerId/charging-profiles/:chargingProfileId';
    const count = 'chargeplane_http_request_duration_seconds_count';
    expect(sample(text, count, { method: 'PUT', route, status: '202' })).toBe(1);
    expect(sample(text, count, { method: 'PUT', route, status: '422' })).toBe(1);
    // Read from PostgreSQL at scrape time: the writer deletes the rows it published.
    await eventually(
      async () => (sample(await metrics(), 'chargeplane_outbox_pending_events', {}) === 0 ? true : undefined),
      20_000,
    );
  });

  it('shows the progress of a profile assignment by target status', async () => {
    const res = await t.call('POST', '/v1/charging-profile-assignments', key, {
      chargerIds: ['M-1', 'M-404'],
      ...profile(9),
    });
    expect(res.status).toBe(202);
    // Still in progress: M-1 waits for its connection, M-404 is not found (done).
    const text = await eventually(async () => {
      const body = await metrics();
      return sample(body, 'chargeplane_assignment_targets', { status: 'awaiting-connection' }) === 1 ? body : undefined;
    }, 20_000);
    expect(sample(text, 'chargeplane_assignment_targets', { status: 'not-found' })).toBe(1);
  });
});

/** The value of the sample of `name` whose labels include `labels` (Prometheus text format); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`));
    if (has) return Number(match[3]);
  }
  return undefined;
}
