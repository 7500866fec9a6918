import { utcMidnight } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

/** Started at yesterday's UTC midnight of the test's clock: in force on arrival, whatever day the test runs. */
const STARTED = utcMidnight(-1);

const profile = (id: number) => ({
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: id,
    stackLevel: id,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: STARTED,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
  },
});

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
});
