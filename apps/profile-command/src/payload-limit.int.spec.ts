import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const MIB = 1024 * 1024;

describe('HTTP bodies are bounded by what the bus carries (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'payload-limit' })).body['apiKey']);
    expect((await t.call('POST', '/v1/chargers', key, { chargerId: 'PL-1', model: 'zappi' })).status).toBe(201);
  });
  afterAll(async () => t?.stop());

  it('refuses a 1 MiB profile PUT with 413 PAYLOAD_TOO_LARGE, before anything is recorded', async () => {
    const before = (await t.call('GET', '/v1/chargers/PL-1/events', key)).body['items'];
    const res = await t.call('PUT', '/v1/chargers/PL-1/charging-profiles/1', key, {
      connectorId: 1,
      chargingProfile: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
      padding: 'x'.repeat(MIB),
    });
    const limit = Math.floor(t.parts.bus.maxPayload / 2);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: limit } });
    expect(String(res.body['message'])).toMatch(/larger than .* bytes/);
    expect((await t.call('GET', '/v1/chargers/PL-1/events', key)).body['items']).toEqual(before);
  });

  it('refuses a bulk assignment of 1 MiB the same way', async () => {
    const chargerIds = Array.from({ length: 80_000 }, (_, i) => `PL-CHARGER-${i}`);
    const res = await t.call('POST', '/v1/charging-profile-assignments', key, {
      chargerIds,
      connectorId: 1,
      chargingProfile: {},
    });
    expect(JSON.stringify({ chargerIds }).length).toBeGreaterThan(MIB);
    expect(res).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});
