import type { ChildProcess } from 'node:child_process';
import type { Twin } from '@chargeplane/contracts-api';
import { eventually, utcMidnight } from '@chargeplane/platform-testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { api, freePort, root, startCharger, startHarness, tenantWithCharger, type Harness } from './e2e-harness.js';

interface AnalyticsOutput {
  writesPerChargerPerHour: Record<string, Record<string, number>>;
  rejections: { byReason: { reason: string; count: number }[] };
  slots: Record<string, { used: number; profiles: number }>;
}

async function runAnalytics(h: Harness): Promise<AnalyticsOutput> {
  const entry = join(root, 'dist/apps/analytics-example/src/main.js');
  const args = [
    entry,
    '--once',
    '--json',
    '--brokers',
    h.infra.kafkaBrokers.join(','),
    '--topic-prefix',
    h.topicPrefix,
    '--timeout',
    '60',
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 90_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AnalyticsOutput;
}

/** One real second is one simulated minute, on the platform and on the simulated zappi alike. */
const SPEED = 60;
const HOUR = 3_600_000;
/** Started a day ago: the last period is in force from the moment the profile is installed. */
const STARTED = utcMidnight(-1);

const profile = (limit: number, periods = 1) => ({
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 100,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: STARTED,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: Array.from({ length: periods }, (_, i) => ({ startPeriod: i * 60, limit })),
    },
  },
});

interface CallLogEntry {
  simTime: string;
  action: string;
  payload: { csChargingProfiles?: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } } };
  answer: { status?: string };
  memoryWrite: boolean;
  reason: string | null;
}

describe('Write budget end to end: 60 changes in one simulated hour on a zappi', () => {
  let h: Harness;
  let sim: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startHarness({ clockSpeed: SPEED });
  });
  afterAll(async () => {
    sim?.kill('SIGTERM');
    await h?.stop();
  });

  it('never exceeds 24 writes in any 60 minutes, has none refused for the limit, and ends with the last profile', async () => {
    const { apiUrl, ocppUrl } = h.platform;
    const chargerId = 'ZAPPI-BUDGET-1';
    const { key, password } = await tenantWithCharger(h, 'budget', { chargerId, model: 'zappi' });
    const controlPort = await freePort();
    const simStart = new Date(Date.now()).toISOString();
    sim = startCharger({
      ocppUrl,
      id: chargerId,
      password,
      controlPort,
      extra: ['--clock-speed', String(SPEED), '--sim-start', simStart, '--log-level', 'warn'],
    });
    await eventually(
      async () =>
        (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key)).body.commercialMode === true
          ? true
          : undefined,
      30_000,
    );

    // An 85-period profile can never fit zappi's 84 slots: refused, never sent.
    const tooBig = await api<{ code: string; details: { reason: string } }>(
      apiUrl,
      'PUT',
      `/v1/chargers/${chargerId}/charging-profiles/100`,
      key,
      profile(10, 85),
    );
    expect(tooBig.status).toBe(422);

    // 60 changes, paced on the wall clock at one per 0.9 real s (54 simulated minutes), however long each PUT takes
    // on a loaded machine: a late change is sent at once rather than pushing the rest past the hour.
    const changesFrom = Date.now();
    for (let change = 1; change <= 60; change++) {
      await new Promise((r) => setTimeout(r, Math.max(0, changesFrom + (change - 1) * 900 - Date.now())));
      const answer = await api<{ status: string }>(
        apiUrl,
        'PUT',
        `/v1/chargers/${chargerId}/charging-profiles/100`,
        key,
        profile(change),
      );
      expect(answer.status).toBe(202);
    }
    // The simulated time the changes took (more than the 54 minutes planned when the machine is slow).
    const changesSpan = (Date.now() - changesFrom) * SPEED;
    // The deferred, coalesced change goes out once the first write has left the window.
    const twin = await eventually(
      async () => {
        const t = (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key)).body;
        const p = t.profiles[0];
        return p?.sync === 'in-sync' && JSON.stringify(p.confirmed).includes('"limit":60') ? t : undefined;
      },
      90_000,
      200,
    );
    expect(twin.slots.used).toBe(1);

    const calls = (await (
      await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/calls`)
    ).json()) as CallLogEntry[];
    const sets = calls.filter((c) => c.action === 'SetChargingProfile');
    const writes = sets.filter((c) => c.memoryWrite).map((c) => Date.parse(c.simTime));
    for (const start of writes)
      expect(writes.filter((t) => t >= start && t < start + HOUR).length).toBeLessThanOrEqual(24);
    expect(sets.filter((c) => c.answer.status !== 'Accepted')).toEqual([]);
    expect(
      sets.some((c) => (c.payload.csChargingProfiles?.chargingSchedule.chargingSchedulePeriod.length ?? 0) > 84),
    ).toBe(false);
    // Coalescing: 24 writes per window the changes spanned, plus the one that carries the last change.
    expect(writes.length).toBeLessThanOrEqual(24 * Math.ceil(changesSpan / HOUR) + 1);
    const stored = (await (await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/profiles`)).json()) as {
      chargingProfile: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } };
    }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.chargingProfile.chargingSchedule.chargingSchedulePeriod[0]!.limit).toBe(60);

    // An integrator reconstructs the same history from Kafka alone (the example analytics consumer).
    const analytics = await runAnalytics(h);
    const hourly = analytics.writesPerChargerPerHour[chargerId] ?? {};
    expect(Object.values(hourly).reduce((a, b) => a + b, 0)).toBe(writes.length);
    for (const count of Object.values(hourly)) expect(count).toBeLessThanOrEqual(24);
    expect(analytics.slots[chargerId]).toEqual({ used: twin.slots.used, profiles: 1 });
    // The one refusal it saw is the 85-period profile; the charger itself refused nothing.
    expect(analytics.rejections.byReason.map((r) => r.reason)).toEqual(['refused:TOO_MANY_PERIODS']);
  }, 240_000);
});
