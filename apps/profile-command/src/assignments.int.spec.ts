import { aTxDefaultProfileBody } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const profile = (periods = 1) => aTxDefaultProfileBody(300, { periods });

describe('Bulk profile assignment (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'bulk' })).body['apiKey']);
    for (const [id, model, tags] of [
      ['B-1', 'zappi', ['north']],
      ['B-2', 'zappi', ['north']],
      ['B-3', 'generic-ocpp16', ['south']],
    ] as const) {
      expect((await t.call('POST', '/v1/chargers', key, { chargerId: id, model, tags })).status).toBe(201);
    }
  });
  afterAll(async () => t?.stop());

  it('assigns a profile to every charger with a tag and reports per-charger progress', async () => {
    const created = await t.call('POST', '/v1/charging-profile-assignments', key, { tag: 'north', ...profile() });
    expect(created.status).toBe(202);
    expect(created.body['total']).toBe(2);
    const id = String(created.body['assignmentId']);
    await vi.waitFor(async () => {
      const progress = await t.call('GET', `/v1/charging-profile-assignments/${id}`, key);
      expect(progress.body).toMatchObject({ total: 2, byStatus: { 'awaiting-connection': 2 } });
    });
  });

  it('records refusals per charger with their reason, and unknown chargers as not found', async () => {
    const created = await t.call('POST', '/v1/charging-profile-assignments', key, {
      chargerIds: ['B-1', 'B-3', 'NOPE'],
      ...profile(85),
    });
    const id = String(created.body['assignmentId']);
    await vi.waitFor(async () => {
      const progress = await t.call('GET', `/v1/charging-profile-assignments/${id}`, key);
      expect(progress.body).toMatchObject({
        total: 3,
        completed: 2,
        byStatus: { refused: 1, 'not-found': 1, 'awaiting-connection': 1 },
      });
      expect(progress.body['problems']).toEqual([
        { chargerId: 'B-1', status: 'refused', code: 'TOO_MANY_PERIODS' },
        { chargerId: 'NOPE', status: 'not-found', code: 'NOT_FOUND' },
      ]);
    });
  });

  it('refuses a body with both or neither of chargerIds and tag, and hides other tenants’ assignments', async () => {
    expect((await t.call('POST', '/v1/charging-profile-assignments', key, { ...profile() })).status).toBe(422);
    expect(
      (
        await t.call('POST', '/v1/charging-profile-assignments', key, {
          tag: 'north',
          chargerIds: ['B-1'],
          ...profile(),
        })
      ).status,
    ).toBe(422);
    const other = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'other' })).body['apiKey']);
    const created = await t.call('POST', '/v1/charging-profile-assignments', key, {
      chargerIds: ['B-2'],
      ...profile(),
    });
    expect(
      (await t.call('GET', `/v1/charging-profile-assignments/${String(created.body['assignmentId'])}`, other)).status,
    ).toBe(404);
  });
});
