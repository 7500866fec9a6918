import type { ChildProcess } from 'node:child_process';
import { topics, type Twin } from '@chargeplane/contracts-api';
import { eventually, tailTopics, utcMidnight } from '@chargeplane/platform-testing';
import { api, freePort, startCharger, startHarness, type Harness } from './e2e-harness.js';

// Daily from yesterday's UTC midnight (a day of the test's clock): it is in force whatever day the test runs.
const profile = {
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 100,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: {
      duration: 86400,
      startSchedule: utcMidnight(-1),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 0 },
        { startPeriod: 1800, limit: 32 },
        { startPeriod: 25200, limit: 0 },
      ],
    },
  },
};

describe('Walking skeleton: a profile from the API to a charger and back, out to Kafka', () => {
  let h: Harness;
  let sim: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    sim?.kill('SIGTERM');
    await h?.stop();
  });

  it('registers a zappi, confirms its profile, shows it in the twin and publishes the events', async () => {
    const { apiUrl, ocppUrl } = h.platform;
    const tenant = await api<{ apiKey: string }>(apiUrl, 'POST', '/v1/tenants', h.adminKey, { name: 'e2e' });
    expect(tenant.status).toBe(201);
    const key = tenant.body.apiKey;
    const chargerId = 'ZAPPI-E2E-0001';
    const registered = await api<{ password: string; ocppUrl: string }>(apiUrl, 'POST', '/v1/chargers', key, {
      chargerId,
      model: 'zappi',
      jurisdiction: 'GB',
    });
    expect(registered.status).toBe(201);
    expect(registered.body.ocppUrl).toBe(`${ocppUrl}/${chargerId}`);

    const controlPort = await freePort();
    // A GB zappi ships with its own randomised delay (RandomSmartChargeDelay 600): compliance-gb's default device mode.
    sim = startCharger({
      ocppUrl,
      id: chargerId,
      password: registered.body.password,
      controlPort,
      extra: ['--jurisdiction', 'GB'],
    });
    // Booted, connected, and its configuration read (commercial mode known) before the profile goes out.
    await eventually(async () => {
      const twin = await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key);
      return twin.body.connected && twin.body.firmwareVersion === '5.5.1' && twin.body.commercialMode === true
        ? twin
        : undefined;
    }, 30_000);

    const put = await api<{ status: string }>(
      apiUrl,
      'PUT',
      `/v1/chargers/${chargerId}/charging-profiles/100`,
      key,
      profile,
    );
    expect(put.status).toBe(202);
    expect(['dispatched', 'deferred']).toContain(put.body.status);

    const twin = await eventually(async () => {
      const t = await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key);
      return t.body.profiles[0]?.sync === 'in-sync' ? t.body : undefined;
    }, 30_000);
    expect(twin.profiles).toHaveLength(1);
    expect(twin.profiles[0]?.confirmed).toMatchObject({
      chargingProfileId: 100,
      chargingProfilePurpose: 'TxDefaultProfile',
    });
    expect(twin.slots).toEqual({ used: 3, max: 84 });
    expect(twin.writeBudget).toMatchObject({ limit: 24, used: 1, remaining: 23 });

    // The device really holds it (the simulator's own audit API).
    const stored = (await (
      await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/profiles`)
    ).json()) as unknown;
    expect(JSON.stringify(stored)).toContain('"chargingProfileId":100');

    // The same history reached Kafka, in order, keyed by charger.
    const types = await readChargerEvents(h, chargerId, 'ChargingProfileAccepted');
    expect(types.slice(0, 1)).toEqual(['ChargerRegistered']);
    const order = ['ChargingProfileDesired', 'ChargingProfileWriteDispatched', 'ChargingProfileAccepted'].map((t) =>
      types.indexOf(t),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

async function readChargerEvents(h: Harness, chargerId: string, until: string): Promise<string[]> {
  const types: string[] = [];
  const tail = await tailTopics(
    { brokers: h.infra.kafkaBrokers, clientId: 'e2e' },
    [`${h.topicPrefix}${topics.chargerEvents}`],
    (record) => {
      if (record.key === chargerId) types.push((JSON.parse(record.value!) as { type: string }).type);
    },
    { groupPrefix: `${h.infra.runId}-e2e` },
  );
  try {
    await eventually(async () => (types.includes(until) ? true : undefined), 30_000);
    return types;
  } finally {
    await tail.stop();
  }
}
