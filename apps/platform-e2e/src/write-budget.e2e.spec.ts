import type { ChildProcess } from 'node:child_process';
import type { Twin } from '@chargeplane/contracts-api';
import { eventually } from '@chargeplane/platform-testing';
import { api, freePort, startCharger, startHarness, type Harness } from './e2e-harness.js';

/** One real second is one simulated minute, on the platform and on the simulated zappi alike. */
const SPEED = 60;
const HOUR = 3_600_000;

const profile = (limit: number, periods = 1) => ({
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 100,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: '2026-01-01T00:00:00Z',
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
    const key = (await api<{ apiKey: string }>(apiUrl, 'POST', '/v1/tenants', h.adminKey, { name: 'budget' })).body
      .apiKey;
    const chargerId = 'ZAPPI-BUDGET-1';
    const { password } = (
      await api<{ password: string }>(apiUrl, 'POST', '/v1/chargers', key, { chargerId, model: 'zappi' })
    ).body;
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

    // 60 changes, one per simulated minute.
    for (let change = 1; change <= 60; change++) {
      const answer = await api<{ status: string }>(
        apiUrl,
        'PUT',
        `/v1/chargers/${chargerId}/charging-profiles/100`,
        key,
        profile(change),
      );
      expect(answer.status).toBe(202);
      await new Promise((r) => setTimeout(r, 1000));
    }
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
    expect(writes.length).toBeLessThanOrEqual(25);
    const stored = (await (await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/profiles`)).json()) as {
      chargingProfile: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } };
    }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.chargingProfile.chargingSchedule.chargingSchedulePeriod[0]!.limit).toBe(60);
  }, 240_000);
});
