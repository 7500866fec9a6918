import { BULK_REGISTRATION_LIMIT, BulkRegisterChargersAnswer } from '@chargeplane/contracts-api';
import { CredentialHasher } from '@chargeplane/platform-security';
import { TEST_CREDENTIAL_PEPPER } from '@chargeplane/platform-testing';
import { z } from 'zod';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const results = (body: unknown) => BulkRegisterChargersAnswer.parse(body).results;
const csv = { 'content-type': 'text/csv' };

describe('Bulk registration, POST /v1/chargers/bulk (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;

  const hashOf = async (chargerId: string) => {
    const rows = z
      .array(z.object({ credentials_hash: z.string(), tenant_id: z.string(), tags: z.array(z.string()) }))
      .parse(
        await t.parts.db.query(`SELECT credentials_hash, tenant_id, tags FROM chargers WHERE charger_id = $1`, [
          chargerId,
        ]),
      );
    return rows[0];
  };

  beforeAll(async () => {
    t = await startTestApp();
    key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'fleet' })).body['apiKey']);
    otherKey = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'other' })).body['apiKey']);
    expect((await t.call('POST', '/v1/chargers', otherKey, { chargerId: 'B-TAKEN', model: 'zappi' })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('when the rows are JSON, some valid and some not', () => {
    let answer: Awaited<ReturnType<TestApp['call']>>;
    beforeAll(async () => {
      answer = await t.call('POST', '/v1/chargers/bulk', key, {
        chargers: [
          { chargerId: 'B-1', model: 'zappi', tags: ['depot-a'] },
          { chargerId: 'B 2', model: 'zappi' },
          { chargerId: 'B-3', model: 'tesla' },
          { chargerId: 'B-1', model: 'generic-ocpp16' },
          { chargerId: 'B-TAKEN', model: 'zappi' },
          { chargerId: 'B-4', model: 'generic-ocpp16', jurisdiction: 'GB', password: 'a-chosen-password-0001' },
          { chargerId: 'B-5', model: 'zappi', colour: 'red' },
          42,
          { chargerId: 'B-6', model: 'zappi', password: 'short' },
        ],
      });
    });

    it('answers one result per row, in input order, each failure with its own code and row', () => {
      expect(answer.status).toBe(200);
      expect(results(answer.body).map((r) => [r.chargerId, r.status, r.code ?? null])).toEqual([
        ['B-1', 'created', null],
        ['B 2', 'error', 'INVALID_CHARGER_ID'],
        ['B-3', 'error', 'UNKNOWN_MODEL'],
        ['B-1', 'error', 'DUPLICATE_IN_REQUEST'],
        ['B-TAKEN', 'error', 'ALREADY_REGISTERED'],
        ['B-4', 'created', null],
        ['B-5', 'error', 'UNKNOWN_FIELD'],
        ['', 'error', 'MALFORMED_ROW'],
        ['B-6', 'error', 'INVALID_PASSWORD'],
      ]);
      const messages = results(answer.body).map((r) => r.message);
      expect(messages[3]).toBe('row 4: B-1 is also on row 1');
      expect(messages[6]).toMatch(/^row 7: unknown field "colour"/);
    });

    it('shows each created charger its OCPP URL and password, of which only the hash is stored, under the tenant', async () => {
      const [b1, , , , , b4] = results(answer.body);
      expect(b1).toMatchObject({ ocppUrl: 'ws://127.0.0.1:9000/ocpp/B-1', version: 1 });
      expect(b1?.password).toMatch(/^[0-9a-f]{40}$/);
      expect(b4?.password).toBe('a-chosen-password-0001');
      const stored = await hashOf('B-1');
      expect(stored?.credentials_hash).not.toContain(b1!.password!);
      // A generated key is stored as a peppered HMAC, a chosen password with scrypt (decision 0007).
      const hasher = new CredentialHasher({ current: TEST_CREDENTIAL_PEPPER });
      expect(stored?.credentials_hash).toMatch(/^hmac-sha256\$/);
      expect(await hasher.verify(b1!.password!, stored!.credentials_hash)).toEqual({ ok: true, rehash: null });
      const chosen = await hashOf('B-4');
      expect(chosen?.credentials_hash).toMatch(/^scrypt\$/);
      expect(await hasher.verify('a-chosen-password-0001', chosen!.credentials_hash)).toMatchObject({ ok: true });
      expect(stored?.tags).toEqual(['depot-a']);
      const tenant = (await hashOf('B-TAKEN'))?.tenant_id;
      expect(stored?.tenant_id).not.toBe(tenant);
    });

    it('registers through the single registration path: the charger has its ChargerRegistered event, the rejected ones nothing', async () => {
      const events = await t.call('GET', '/v1/chargers/B-4/events', key);
      expect(events.status).toBe(200);
      expect((events.body['items'] as { type: string; data: Record<string, unknown> }[])[0]).toMatchObject({
        type: 'ChargerRegistered',
        data: { model: 'generic-ocpp16', jurisdiction: 'GB' },
      });
      expect(await hashOf('B-3')).toBeUndefined();
      expect(await hashOf('B-5')).toBeUndefined();
    });
  });

  describe('when the rows are a CSV file', () => {
    it('registers the good lines and names the line of each bad one', async () => {
      const file = [
        'chargerId,model,tags',
        'C-1,zappi,depot-b;north',
        'C-2,zappi,x,extra',
        'C-3,generic,',
        '',
        'C-4,generic-ocpp16,',
      ].join('\r\n');
      const answer = await t.call('POST', '/v1/chargers/bulk', key, file, csv);
      expect(answer.status).toBe(200);
      expect(results(answer.body).map((r) => [r.chargerId, r.status, r.code ?? null, r.message ?? null])).toEqual([
        ['C-1', 'created', null, null],
        ['C-2', 'error', 'MALFORMED_ROW', 'line 3: 4 fields, the header has 3'],
        ['C-3', 'error', 'UNKNOWN_MODEL', expect.stringMatching(/^line 4: model: /)],
        ['C-4', 'created', null, null],
      ]);
      expect((await hashOf('C-1'))?.tags).toEqual(['depot-b', 'north']);
    });

    it('refuses a file it cannot read as a whole with MALFORMED_CSV and the line', async () => {
      const answer = await t.call('POST', '/v1/chargers/bulk', key, 'chargerId,model\nC-9,zappi\n"C-10,zappi\n', csv);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        code: 'MALFORMED_CSV',
        message: 'line 3: a quoted field opened on this line is never closed',
      });
      expect(await hashOf('C-9')).toBeUndefined();
    });
  });

  describe('when a request has more rows than the route takes', () => {
    it(`refuses ${BULK_REGISTRATION_LIMIT + 1} rows whole with BATCH_TOO_LARGE, though the body is over the 1 MB default limit`, async () => {
      const chargers = Array.from({ length: BULK_REGISTRATION_LIMIT + 1 }, (_, i) => ({
        chargerId: `LIMIT-${String(i).padStart(58, '0')}`,
        model: 'zappi',
        tags: ['depot-over-the-limit'],
      }));
      expect(JSON.stringify({ chargers }).length).toBeGreaterThan(1_048_576);
      const answer = await t.call('POST', '/v1/chargers/bulk', key, { chargers });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'BATCH_TOO_LARGE', details: { rows: 10_001, limit: 10_000 } });
      expect(await hashOf(chargers[0]!.chargerId)).toBeUndefined();
    });
  });

  describe('when a request is retried with its Idempotency-Key', () => {
    it('answers the first answer again (the same passwords) and registers nothing twice; another body with the key is refused', async () => {
      const headers = { 'idempotency-key': 'bulk-1' };
      const body = {
        chargers: [
          { chargerId: 'I-1', model: 'zappi' },
          { chargerId: 'I-2', model: 'zappi' },
        ],
      };
      const first = await t.call('POST', '/v1/chargers/bulk', key, body, headers);
      const again = await t.call('POST', '/v1/chargers/bulk', key, body, headers);
      expect(results(first.body).map((r) => r.status)).toEqual(['created', 'created']);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const without = await t.call('POST', '/v1/chargers/bulk', key, body);
      expect(results(without.body).map((r) => r.code)).toEqual(['ALREADY_REGISTERED', 'ALREADY_REGISTERED']);
      const other = await t.call(
        'POST',
        '/v1/chargers/bulk',
        key,
        { chargers: [{ chargerId: 'I-3', model: 'zappi' }] },
        headers,
      );
      expect(other.status).toBe(422);
      expect(other.body['code']).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('when the API key is missing', () => {
    it('answers 401 and registers nothing', async () => {
      const answer = await t.call('POST', '/v1/chargers/bulk', null, {
        chargers: [{ chargerId: 'U-1', model: 'zappi' }],
      });
      expect(answer.status).toBe(401);
      expect(await hashOf('U-1')).toBeUndefined();
    });
  });
});
