import { ChargerDirectory } from '@chargeplane/charger-adapters';
import { aTxDefaultProfileBody } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const profile = (id: number, limit = 16) => aTxDefaultProfileBody(id, { limit, profile: { stackLevel: id } });

describe('Concurrent commands on one charger (optimistic concurrency)', () => {
  let t: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    second = await startTestApp({}, t.infra);
  });
  afterAll(async () => {
    await second?.stop();
    await t?.stop();
  });

  it('loses no update: 20 simultaneous changes through two instances all end up in the stream, with consecutive versions', async () => {
    const key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'c' })).body['apiKey']);
    await t.call('POST', '/v1/chargers', key, { chargerId: 'C-1', model: 'generic-ocpp16' });
    // Alternate between the two processes: they race on the same stream and only the event store's
    // expected-version check keeps them from overwriting each other.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? t : second).call('PUT', `/v1/chargers/C-1/charging-profiles/${i + 1}`, key, profile(i + 1)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const events = (await t.call('GET', '/v1/chargers/C-1/events?limit=1000', key)).body['items'] as {
      type: string;
      streamVersion: number;
      data: { chargingProfile?: { chargingProfileId: number } };
    }[];
    const desired = events
      .filter((e) => e.type === 'ChargingProfileDesired')
      .map((e) => e.data.chargingProfile!.chargingProfileId);
    expect(desired.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
  });

  it('answers from the stream, not a stale cache: P1 via A, P2 via B, P1 via A again desires P1 (not "unchanged" while the stream holds P2)', async () => {
    const key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'stale' })).body['apiKey']);
    await t.call('POST', '/v1/chargers', key, { chargerId: 'C-2', model: 'generic-ocpp16' });
    const url = '/v1/chargers/C-2/charging-profiles/7';
    const first = await t.call('PUT', url, key, profile(7, 10));
    expect(first.body['status']).not.toBe('unchanged');
    // B changes it; A's folded-state cache still holds P1 at the version A left it.
    expect((await second.call('PUT', url, key, profile(7, 20))).body['status']).not.toBe('unchanged');
    const again = await t.call('PUT', url, key, profile(7, 10));
    expect(again.status).toBe(202);
    expect(again.body['status']).not.toBe('unchanged');
    const events = (await t.call('GET', '/v1/chargers/C-2/events?limit=1000', key)).body['items'] as {
      type: string;
      data: { chargingProfile?: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } } };
    }[];
    const limits = events
      .filter((e) => e.type === 'ChargingProfileDesired')
      .map((e) => e.data.chargingProfile!.chargingSchedule.chargingSchedulePeriod[0]!.limit);
    expect(limits).toEqual([10, 20, 10]);
  });

  it('a wake-up decided on an older version never clears the wake time a later append set', async () => {
    const key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'wake' })).body['apiKey']);
    await t.call('POST', '/v1/chargers', key, { chargerId: 'C-3', model: 'generic-ocpp16' });
    await t.call('PUT', '/v1/chargers/C-3/charging-profiles/3', key, profile(3));
    const db = t.parts.db;
    const due = new Date(Date.now() - 1000);
    const row = async () =>
      (
        (await db.query(`SELECT wake_at, wake_version FROM chargers WHERE charger_id = 'C-3'`)) as {
          wake_at: Date | null;
          wake_version: number;
        }[]
      )[0]!;
    const { wake_version: latest } = await row();
    expect(latest).toBeGreaterThan(1);
    // As another replica's latest append left it: a write due now.
    await db.query(`UPDATE chargers SET wake_at = $1 WHERE charger_id = 'C-3'`, [due]);
    const directory = new ChargerDirectory(db);
    await directory.clearWakeup('C-3', new Date(), latest - 1);
    expect((await row()).wake_at).toEqual(due);
    await directory.clearWakeup('C-3', new Date(), latest);
    expect((await row()).wake_at).toBeNull();
  });
});
