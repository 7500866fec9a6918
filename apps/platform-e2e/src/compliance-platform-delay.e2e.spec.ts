import type { ChildProcess } from 'node:child_process';
import { topics, type Twin } from '@chargeplane/contracts-api';
import { eventually, secondsFromNow, tailTopics } from '@chargeplane/platform-testing';
import { api, freePort, startCharger, startHarness, tenantWithCharger, type Harness } from './e2e-harness.js';

// Charging from +30 min to +7 h with a cap from +1 h to +2 h: relevant times at 1800 s (rise), 3600 s (fall), 7200 s (rise),
// 25200 s (fall). The schedule started a minute before the test's clock (as a refresh does), so its start is no relevant
// time any more (its delay would move startSchedule and every offset with it) while every boundary lies ahead, whatever the day.
const nominal = [0, 1800, 3600, 7200, 25200];
const profile = {
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 100,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: secondsFromNow(-60),
      duration: 86_400,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 0 },
        { startPeriod: 1800, limit: 32 },
        { startPeriod: 3600, limit: 16 },
        { startPeriod: 7200, limit: 32 },
        { startPeriod: 25200, limit: 0 },
      ],
    },
  },
};

describe('GB compliance end to end: platform randomised delay on a zappi', () => {
  let h: Harness;
  let sim: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    sim?.kill('SIGTERM');
    await h?.stop();
  });

  it('switches the zappi to platform delay, delays every boundary, turns the device delay off afterwards, and audits it on Kafka', async () => {
    const { apiUrl, ocppUrl } = h.platform;
    const chargerId = 'ZAPPI-GB-0001';
    const { key, password } = await tenantWithCharger(h, 'gb', { chargerId, model: 'zappi', jurisdiction: 'GB' });
    const controlPort = await freePort();
    sim = startCharger({ ocppUrl, id: chargerId, password, controlPort, extra: ['--jurisdiction', 'GB'] });
    await eventually(
      async () =>
        (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key)).body.configuration[
          'RandomSmartChargeDelay'
        ] === '600'
          ? true
          : undefined,
      30_000,
    );

    const policy = {
      jurisdiction: 'GB',
      randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 },
      ownerOverride: null,
      dsrAgreement: false,
      offPeakDefault: { enabled: true },
    };
    const switched = await eventually(async () => {
      const res = await api(apiUrl, 'PUT', `/v1/chargers/${chargerId}/compliance`, key, policy);
      return res.status === 200 ? res : undefined;
    }, 30_000);
    expect(switched.body).toMatchObject({ randomisedDelay: { mode: 'platform' } });

    const putAt = Date.now();
    expect((await api(apiUrl, 'PUT', `/v1/chargers/${chargerId}/charging-profiles/100`, key, profile)).status).toBe(
      202,
    );
    const answeredAt = Date.now();

    // The device holds the profile with each relevant time delayed by 0..600 s, the same number of periods, in order.
    // Installing it is a relevant time too (rule G1): nothing limited the charger, so the profile starts after its
    // own draw (startSchedule moves, offsets follow): compare instants, not offsets.
    const stored = await eventually(async () => {
      const res = (await (await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/profiles`)).json()) as {
        chargingProfile: {
          chargingSchedule: { startSchedule: string; chargingSchedulePeriod: { startPeriod: number }[] };
        };
      }[];
      return res.find((p) => p.chargingProfile.chargingSchedule.chargingSchedulePeriod.length === 5);
    }, 30_000);
    const nominalAnchor = Date.parse(profile.chargingProfile.chargingSchedule.startSchedule);
    const anchor = Date.parse(stored.chargingProfile.chargingSchedule.startSchedule);
    expect(anchor).toBeGreaterThanOrEqual(Math.floor(putAt / 1000) * 1000);
    expect(anchor).toBeLessThanOrEqual(answeredAt + 600_000);
    const starts = stored.chargingProfile.chargingSchedule.chargingSchedulePeriod.map((p) => p.startPeriod);
    expect(starts[0]).toBe(0);
    starts.slice(1).forEach((s, i) => {
      const delay = (anchor + s * 1000 - nominalAnchor) / 1000 - nominal[i + 1]!;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(600);
    });
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);

    // Only once the platform delay is active is the zappi's own delay switched off.
    await eventually(
      async () => {
        const config = (await (
          await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/configuration`)
        ).json()) as unknown;
        return JSON.stringify(config).includes('"RandomSmartChargeDelay"') &&
          /"RandomSmartChargeDelay"[^}]*"value":"0"/.test(JSON.stringify(config))
          ? true
          : undefined;
      },
      60_000,
      250,
    );

    // The audit trail reached integrators on chargeplane.compliance.v1.
    const types: string[] = [];
    const tail = await tailTopics(
      { brokers: h.infra.kafkaBrokers, clientId: 'e2e' },
      [`${h.topicPrefix}${topics.compliance}`],
      (record) => {
        if (record.key === chargerId) types.push((JSON.parse(record.value!) as { type: string }).type);
      },
      { groupPrefix: `${h.infra.runId}-compliance` },
    );
    try {
      await eventually(
        async () =>
          types.includes('RandomisedDelayApplied') && types.includes('PlatformDelayActivated') ? true : undefined,
        30_000,
      );
    } finally {
      await tail.stop();
    }
  }, 240_000);
});
