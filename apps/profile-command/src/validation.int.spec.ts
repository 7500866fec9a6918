import { aTxDefaultProfileBody, utcMidnight, type TxDefaultProfileBodyOverrides } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const INT32_MAX = 2_147_483_647;

/** A valid TxDefaultProfile, its schedule anchored at the test clock's next UTC midnight. */
const body = (chargingProfileId: number, overrides: TxDefaultProfileBodyOverrides = {}) =>
  aTxDefaultProfileBody(chargingProfileId, {
    ...overrides,
    schedule: { startSchedule: utcMidnight(1), ...overrides.schedule },
  });

describe('Profile validation before anything is sent (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let key: string;
  const put = (chargerId: string, b: ReturnType<typeof body>) =>
    t.call('PUT', `/v1/chargers/${chargerId}/charging-profiles/${b.chargingProfile.chargingProfileId}`, key, b);
  const eventTypes = async (chargerId: string) =>
    ((await t.call('GET', `/v1/chargers/${chargerId}/events`, key)).body['items'] as { type: string }[]).map(
      (e) => e.type,
    );

  beforeAll(async () => {
    t = await startTestApp();
    key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'validation' })).body['apiKey']);
    for (const [chargerId, model, jurisdiction] of [
      ['V-ZAPPI', 'zappi', undefined],
      ['V-GB', 'zappi', 'GB'],
      ['V-GENERIC', 'generic-ocpp16', undefined],
    ] as const) {
      const registered = await t.call('POST', '/v1/chargers', key, {
        chargerId,
        model,
        ...(jurisdiction ? { jurisdiction } : {}),
        tags: ['validation'],
      });
      expect(registered.status).toBe(201);
    }
  });
  afterAll(async () => t?.stop());

  describe('when a PUT carries a profile no charger could take (each was answered 202 and sent before)', () => {
    it.each([
      [
        'a negative limit',
        body(11, { schedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: -6 }] } }),
        'LIMIT_NEGATIVE',
      ],
      [
        'numberPhases 4',
        body(12, { schedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 4 }] } }),
        'NUMBER_PHASES_OUT_OF_RANGE',
      ],
      ['a duration of 0', body(13, { schedule: { duration: 0 } }), 'DURATION_OUT_OF_RANGE'],
      ['connector 2 on a zappi', body(14, { connectorId: 2 }), 'CONNECTOR_NOT_ON_DEVICE'],
      ['a negative stack level', body(15, { profile: { stackLevel: -1 } }), 'STACK_LEVEL_OUT_OF_RANGE'],
      ['a connector id beyond int32', body(16, { connectorId: INT32_MAX + 1 }), 'ID_OUT_OF_RANGE'],
    ])('answers %s with 422, its own code and a sentence, and desires nothing', async (_name, b, code) => {
      for (const chargerId of ['V-ZAPPI', 'V-GB']) {
        const res = await put(chargerId, b);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code, details: { reason: code } });
        expect(String(res.body['message']).length).toBeGreaterThan(20);
      }
      expect(await eventTypes('V-ZAPPI')).not.toContain('ChargingProfileDesired');
      expect(await eventTypes('V-ZAPPI')).toContain('ChargingProfileRefused');
    });

    it('answers a malformed value with 422 VALIDATION_FAILED naming the field', async () => {
      const cases = [
        [
          body(21, { schedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 16.25 }] } }),
          'chargingProfile.chargingSchedule.chargingSchedulePeriod.0.limit',
        ],
        [
          body(22, { schedule: { startSchedule: '2026-02-30T00:00:00Z' } }),
          'chargingProfile.chargingSchedule.startSchedule',
        ],
        [body(23, { profile: { validTo: 'tomorrow' } }), 'chargingProfile.validTo'],
      ] as const;
      for (const [b, path] of cases) {
        const res = await put('V-ZAPPI', b);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path }] } });
      }
      const tooBigId = await t.call(
        'PUT',
        `/v1/chargers/V-ZAPPI/charging-profiles/${INT32_MAX + 1}`,
        key,
        body(INT32_MAX + 1),
      );
      expect(tooBigId).toMatchObject({ status: 422, body: { code: 'VALIDATION_FAILED' } });
    });
  });

  describe('when a PUT carries timestamps with an offset', () => {
    it('stores them in UTC whole seconds with Z', async () => {
      const res = await put(
        'V-ZAPPI',
        body(30, {
          profile: { validFrom: '2026-01-06T01:00:00.500+01:00' },
          schedule: { startSchedule: '2026-01-05T19:00:00-05:00' },
        }),
      );
      expect(res.status).toBe(202);
      const items = (await t.call('GET', '/v1/chargers/V-ZAPPI/events', key)).body['items'] as {
        type: string;
        data: { chargingProfile?: { validFrom?: string; chargingSchedule: { startSchedule?: string } } };
      }[];
      const stored = items.find((e) => e.type === 'ChargingProfileDesired')?.data.chargingProfile;
      expect(stored).toMatchObject({
        validFrom: '2026-01-06T00:00:00Z',
        chargingSchedule: { startSchedule: '2026-01-06T00:00:00Z' },
      });
    });
  });

  describe('when a bulk assignment carries a bad profile', () => {
    it('refuses a profile no charger could take for the whole request, without a 500 or an assignment', async () => {
      for (const [b, code] of [
        [body(40, { schedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: -1 }] } }), 'LIMIT_NEGATIVE'],
        [body(INT32_MAX + 1), 'ID_OUT_OF_RANGE'],
      ] as const) {
        const res = await t.call('POST', '/v1/charging-profile-assignments', key, { tag: 'validation', ...b });
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code });
      }
    });

    it('refuses per charger what only some chargers cannot take (connector 2 on a zappi)', async () => {
      const created = await t.call('POST', '/v1/charging-profile-assignments', key, {
        chargerIds: ['V-ZAPPI', 'V-GENERIC'],
        ...body(41, { connectorId: 2 }),
      });
      expect(created.status).toBe(202);
      const id = String(created.body['assignmentId']);
      await vi.waitFor(async () => {
        const progress = await t.call('GET', `/v1/charging-profile-assignments/${id}`, key);
        expect(progress.body).toMatchObject({
          total: 2,
          completed: 1,
          byStatus: { refused: 1, 'awaiting-connection': 1 },
        });
        expect(progress.body['problems']).toEqual([
          { chargerId: 'V-ZAPPI', status: 'refused', code: 'CONNECTOR_NOT_ON_DEVICE' },
        ]);
      });
    });
  });
});
