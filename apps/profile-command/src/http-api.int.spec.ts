import { subjects, TwinGetRequest, type Twin } from '@chargeplane/contracts-api';
import { aTxDefaultProfileBody } from '@chargeplane/platform-testing';
import type { z } from 'zod';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const lagging = (q: z.infer<typeof TwinGetRequest>): Twin => ({
  chargerId: q.chargerId,
  tenantId: q.tenantId,
  model: 'zappi',
  jurisdiction: null,
  tags: [],
  vendor: null,
  firmwareVersion: null,
  commercialMode: null,
  connected: false,
  lastSeenAt: null,
  slots: { used: 0, max: 84 },
  writeBudget: null,
  profiles: [],
  configuration: {},
  transactions: [],
  version: 0,
  updatedAt: new Date(0).toISOString(),
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
      expect((await call('PUT', '/v1/chargers/A-1/charging-profiles/7', keyB, aTxDefaultProfileBody(7))).status).toBe(
        404,
      );
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
      const first = await call('PUT', '/v1/chargers/A-2/charging-profiles/7', keyA, aTxDefaultProfileBody(7));
      expect(first).toMatchObject({ status: 202, body: { status: 'awaiting-connection' } });
      expect(
        (await call('PUT', '/v1/chargers/A-2/charging-profiles/7', keyA, aTxDefaultProfileBody(7))).body['status'],
      ).toBe('unchanged');
    });

    it('refuses with 422 and the specific refusal code at the top level a profile the charger can never accept, recording nothing desired', async () => {
      const res = await call(
        'PUT',
        '/v1/chargers/A-2/charging-profiles/8',
        keyA,
        aTxDefaultProfileBody(8, { periods: 85 }),
      );
      expect(res.status).toBe(422);
      // details.reason repeats the code for clients written when the code was PROFILE_REFUSED.
      expect(res.body).toMatchObject({ code: 'TOO_MANY_PERIODS', details: { reason: 'TOO_MANY_PERIODS' } });
      expect(res.body['message']).toEqual(expect.any(String));
      const events = (await call('GET', '/v1/chargers/A-2/events', keyA)).body['items'] as { type: string }[];
      expect(events.map((e) => e.type)).not.toContain('ChargingProfileDesired8');
      expect(events.filter((e) => e.type === 'ChargingProfileDesired')).toHaveLength(1);
    });

    it('rejects a body whose profile id differs from the path with 422, and malformed JSON with 400', async () => {
      expect((await call('PUT', '/v1/chargers/A-2/charging-profiles/9', keyA, aTxDefaultProfileBody(7))).status).toBe(
        422,
      );
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
      const a = await call('PUT', '/v1/chargers/A-2/charging-profiles/10', keyA, aTxDefaultProfileBody(10), headers);
      const b = await call('PUT', '/v1/chargers/A-2/charging-profiles/10', keyA, aTxDefaultProfileBody(10), headers);
      expect(b).toEqual({ ...a, headers: b.headers });
      const other = await call(
        'PUT',
        '/v1/chargers/A-2/charging-profiles/11',
        keyA,
        aTxDefaultProfileBody(11),
        headers,
      );
      expect(other.status).toBe(422);
      expect(other.body['code']).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('lets only one of several concurrent requests with one Idempotency-Key act; the others wait their turn (409) or replay it', async () => {
      // Registration is not repeatable: a second run would answer "already registered", not the first answer.
      const headers = { 'idempotency-key': 'k-race' };
      const body = { chargerId: 'A-RACE', model: 'generic-ocpp16' };
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => call('POST', '/v1/chargers', keyA, body, headers)),
      );
      const acted = answers.filter((a) => a.status === 201);
      expect(acted.length).toBeGreaterThan(0);
      for (const a of acted) expect(a.body).toEqual(acted[0]!.body);
      for (const a of answers.filter((x) => x.status !== 201))
        expect({ status: a.status, code: a.body['code'] }).toEqual({ status: 409, code: 'CONCURRENCY_CONFLICT' });
      // Once the first has answered, the key replays that answer.
      const later = await call('POST', '/v1/chargers', keyA, body, headers);
      expect(later.body).toEqual(acted[0]!.body);
    });

    it('honours If-Match: a stale version is a 412 and changes nothing', async () => {
      const res = await call('DELETE', '/v1/chargers/A-2/charging-profiles/7', keyA, undefined, {
        'if-match': 'W/"1"',
      });
      expect(res.status).toBe(412);
      expect(res.body['code']).toBe('PRECONDITION_FAILED');
    });
  });

  describe('ETag = the charger stream version', () => {
    let twinVersion = 1;
    beforeAll(async () => {
      // device-twin stood in for: it lags the stream (it has folded `twinVersion` events so far).
      t.parts.bus.serve(subjects.twinGet, TwinGetRequest, async (q) => ({ ...lagging(q), version: twinVersion }));
      expect((await call('POST', '/v1/chargers', keyA, { chargerId: 'E-1', model: 'zappi' })).status).toBe(201);
    });

    it('tags PUT and DELETE answers with the stream version they left the charger at', async () => {
      const put = await call('PUT', '/v1/chargers/E-1/charging-profiles/7', keyA, aTxDefaultProfileBody(7));
      expect(put.status).toBe(202);
      expect(put.headers['etag']).toBe(`"${String(put.body['version'])}"`);
      const removed = await call('DELETE', '/v1/chargers/E-1/charging-profiles/7', keyA, undefined, {
        'if-match': String(put.headers['etag']),
      });
      expect(removed.status).toBe(202);
      expect(removed.headers['etag']).toBe(`"${String(removed.body['version'])}"`);
      expect(Number(removed.body['version'])).toBeGreaterThan(Number(put.body['version']));
    });

    it('a PUT, then at once a GET and an If-Match PUT with its ETag: never a false 412 while the twin lags', async () => {
      const put = await call('PUT', '/v1/chargers/E-1/charging-profiles/7', keyA, aTxDefaultProfileBody(7));
      twinVersion = 1; // the twin has not seen the PUT (nor anything after the registration)
      const got = await call('GET', '/v1/chargers/E-1', keyA);
      expect(got.status).toBe(200);
      expect(got.body['version']).toBe(1);
      expect(got.headers['etag']).toBe(put.headers['etag']);
      const profiles = await call('GET', '/v1/chargers/E-1/charging-profiles', keyA);
      expect(profiles.headers['etag']).toBe(put.headers['etag']);
      const next = await call('PUT', '/v1/chargers/E-1/charging-profiles/7', keyA, aTxDefaultProfileBody(7), {
        'if-match': String(got.headers['etag']),
      });
      expect(next).toMatchObject({ status: 202, body: { status: 'unchanged' } });
      const changed = await call(
        'PUT',
        '/v1/chargers/E-1/charging-profiles/7',
        keyA,
        aTxDefaultProfileBody(7, { limit: 10 }),
        { 'if-match': String(next.headers['etag']) },
      );
      expect(changed.status).toBe(202);
      // The ETag read before that change is stale now: a true 412.
      const stale = await call('DELETE', '/v1/chargers/E-1/charging-profiles/7', keyA, undefined, {
        'if-match': String(got.headers['etag']),
      });
      expect(stale).toMatchObject({ status: 412, body: { code: 'PRECONDITION_FAILED' } });
    });
  });
});
