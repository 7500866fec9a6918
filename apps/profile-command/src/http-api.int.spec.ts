import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const profile = (overrides: Record<string, unknown> = {}) => ({
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 7,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: '2026-11-25T00:00:00Z',
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
    ...overrides,
  },
});

describe('profile-command HTTP API (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  const call: TestApp['call'] = (...args) => t.call(...args);
  let app: TestApp['app'];

  beforeAll(async () => {
    t = await startTestApp();
    app = t.app;
    keyA = String((await call('POST', '/v1/tenants', adminKey, { name: 'A' })).body['apiKey']);
    keyB = String((await call('POST', '/v1/tenants', adminKey, { name: 'B' })).body['apiKey']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('security', () => {
    it('refuses requests without a key, with an unknown key, and tenant creation without the admin key', async () => {
      expect((await call('GET', '/v1/chargers/X', null)).status).toBe(401);
      expect((await call('GET', '/v1/chargers/X', 'cpk_unknown')).body['code']).toBe('UNAUTHENTICATED');
      expect((await call('POST', '/v1/tenants', keyA, { name: 'C' })).status).toBe(403);
    });

    it("answers 404 for another tenant's charger, on reads and writes", async () => {
      expect((await call('POST', '/v1/chargers', keyA, { chargerId: 'A-1', model: 'zappi' })).status).toBe(201);
      expect((await call('PUT', '/v1/chargers/A-1/charging-profiles/7', keyB, profile())).status).toBe(404);
      expect((await call('GET', '/v1/chargers/A-1/events', keyB)).status).toBe(404);
    });
  });

  describe('charging profiles', () => {
    it('registers a charger with a generated 40-hex password and its OCPP URL', async () => {
      const res = await call('POST', '/v1/chargers', keyA, {
        chargerId: 'A-2',
        model: 'zappi',
        jurisdiction: 'GB',
        tags: ['north'],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ chargerId: 'A-2', ocppUrl: 'ws://127.0.0.1:9000/ocpp/A-2' });
      expect(res.body['password']).toMatch(/^[0-9a-f]{40}$/);
      expect((await call('POST', '/v1/chargers', keyA, { chargerId: 'A-2', model: 'zappi' })).status).toBe(409);
    });

    it('accepts a profile for an offline charger as awaiting-connection, and a repeat as unchanged', async () => {
      const first = await call('PUT', '/v1/chargers/A-2/charging-profiles/7', keyA, profile());
      expect(first).toMatchObject({ status: 202, body: { status: 'awaiting-connection' } });
      expect((await call('PUT', '/v1/chargers/A-2/charging-profiles/7', keyA, profile())).body['status']).toBe(
        'unchanged',
      );
    });

    it('refuses with 422 and a machine-readable reason a profile the charger can never accept, recording nothing desired', async () => {
      const periods = Array.from({ length: 85 }, (_, i) => ({ startPeriod: i * 60, limit: 16 }));
      const res = await call(
        'PUT',
        '/v1/chargers/A-2/charging-profiles/8',
        keyA,
        profile({
          chargingProfileId: 8,
          chargingSchedule: {
            startSchedule: '2026-11-25T00:00:00Z',
            chargingRateUnit: 'A',
            chargingSchedulePeriod: periods,
          },
        }),
      );
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'TOO_MANY_PERIODS', details: { reason: 'TOO_MANY_PERIODS' } });
      const events = (await call('GET', '/v1/chargers/A-2/events', keyA)).body['items'] as { type: string }[];
      expect(events.map((e) => e.type)).not.toContain('ChargingProfileDesired8');
      expect(events.filter((e) => e.type === 'ChargingProfileDesired')).toHaveLength(1);
    });

    it('rejects a body whose profile id differs from the path with 422, and malformed JSON with 400', async () => {
      expect((await call('PUT', '/v1/chargers/A-2/charging-profiles/9', keyA, profile())).status).toBe(422);
      const res = await app.inject({
        method: 'PUT',
        url: '/v1/chargers/A-2/charging-profiles/7',
        headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' },
        payload: '{nope',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('replays the first answer for a repeated Idempotency-Key and refuses its reuse for another request', async () => {
      const headers = { 'idempotency-key': 'k-1' };
      const a = await call(
        'PUT',
        '/v1/chargers/A-2/charging-profiles/10',
        keyA,
        profile({ chargingProfileId: 10, stackLevel: 0 }),
        headers,
      );
      const b = await call(
        'PUT',
        '/v1/chargers/A-2/charging-profiles/10',
        keyA,
        profile({ chargingProfileId: 10, stackLevel: 0 }),
        headers,
      );
      expect(b).toEqual({ ...a, headers: b.headers });
      const other = await call(
        'PUT',
        '/v1/chargers/A-2/charging-profiles/11',
        keyA,
        profile({ chargingProfileId: 11 }),
        headers,
      );
      expect(other.status).toBe(422);
      expect(other.body['code']).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('honours If-Match: a stale version is a 412 and changes nothing', async () => {
      const res = await call('DELETE', '/v1/chargers/A-2/charging-profiles/7', keyA, undefined, {
        'if-match': 'W/"1"',
      });
      expect(res.status).toBe(412);
      expect(res.body['code']).toBe('PRECONDITION_FAILED');
    });
  });
});
