import type { ChildProcess } from 'node:child_process';
import type { Twin } from '@chargeplane/contracts-api';
import { eventually } from '@chargeplane/platform-testing';
import { api, freePort, startCharger, startHarness, tenantWithCharger, type Harness } from './e2e-harness.js';

/** One real second is one simulated minute, on the platform and on the simulated zappi alike. */
const SPEED = 60;
const HOUR = 3_600_000;
/** The zappi answers GetCompositeSchedule (a drift check's read) 55 simulated seconds late: a slow cloud. */
const SLOW_READ_SECONDS = 55;
const WRITE_ACTIONS = new Set(['SetChargingProfile', 'ClearChargingProfile', 'ChangeConfiguration']);

/** An Absolute TxDefaultProfile starting at the test's own clock (never a calendar date). */
const profile = (limit: number, startSchedule: string) => ({
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 100,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: { startSchedule, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
  },
});

interface CallLogEntry {
  simTime: string;
  action: string;
  answer: { status?: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Write budget end to end: a zappi that answers a read slowly while the CPO changes its profile', () => {
  let h: Harness;
  let sim: ChildProcess | undefined;
  beforeAll(async () => {
    h = await startHarness({ clockSpeed: SPEED });
  });
  afterAll(async () => {
    sim?.kill('SIGTERM');
    await h?.stop();
  });

  it('never has more than 24 writes reach the device in any 60 minutes of its clock, and none refused', async () => {
    const { apiUrl, ocppUrl } = h.platform;
    const chargerId = 'ZAPPI-SLOW-1';
    const { key, password } = await tenantWithCharger(h, 'slow', { chargerId, model: 'zappi' });
    const controlPort = await freePort();
    sim = startCharger({
      ocppUrl,
      id: chargerId,
      password,
      controlPort,
      extra: [
        ...['--clock-speed', String(SPEED), '--log-level', 'warn'],
        ...['--answer-delay', `GetCompositeSchedule=${SLOW_READ_SECONDS}`],
      ],
    });
    const callLog = async () =>
      (await (await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/calls`)).json()) as CallLogEntry[];
    const received = async (action: string) => (await callLog()).filter((c) => c.action === action).length;
    const startSchedule = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const put = async (limit: number) =>
      expect(
        (
          await api(
            apiUrl,
            'PUT',
            `/v1/chargers/${chargerId}/charging-profiles/100`,
            key,
            profile(limit, startSchedule),
          )
        ).status,
      ).toBe(202);
    await eventually(
      async () =>
        (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key)).body.commercialMode === true
          ? true
          : undefined,
      30_000,
    );

    // A drift check's slow read holds the charger's one outstanding call when the first change is dispatched.
    const drift = api(apiUrl, 'POST', `/v1/chargers/${chargerId}/drift-check`, key).catch(() => undefined);
    await eventually(async () => ((await received('GetCompositeSchedule')) > 0 ? true : undefined), 10_000, 10);
    await put(1);
    await eventually(async () => ((await received('SetChargingProfile')) === 1 ? true : undefined), 30_000, 20);
    const firstWriteAt = Date.now();
    await drift;

    // 23 more changes, each once the previous one reached the charger: the platform's window is full.
    for (let limit = 2; limit <= 24; limit++) {
      await put(limit);
      await eventually(async () => ((await received('SetChargingProfile')) === limit ? true : undefined), 30_000, 20);
    }
    // The next change waits for the first write to leave the window. Around that moment the CPO keeps changing the
    // profile, so the 25th write goes out as soon as the platform allows (not at its next periodic wake-up).
    await put(25);
    await sleep(Math.max(0, firstWriteAt + 58_000 - Date.now()));
    let limit = 25;
    const boundaryEnd = Date.now() + 6_000;
    while ((await received('SetChargingProfile')) < 25 && Date.now() < boundaryEnd) {
      await put(++limit);
      await sleep(25);
    }
    await sleep(2_000);

    const calls = await callLog();
    // The scenario happened: the first write reached the charger only after the slow read was answered.
    const slowRead = calls.find((c) => c.action === 'GetCompositeSchedule')!;
    const writes = calls.filter((c) => WRITE_ACTIONS.has(c.action));
    expect(Date.parse(writes[0]!.simTime) - Date.parse(slowRead.simTime)).toBeGreaterThanOrEqual(45_000);
    expect(writes.length).toBeGreaterThanOrEqual(25);
    // Counted where the charger counts it: at receipt, on the device's clock.
    const times = writes.map((c) => Date.parse(c.simTime)).sort((x, y) => x - y);
    const busiest = Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + HOUR).length));
    const tightest = Math.min(...times.slice(24).map((t, i) => t - times[i]!));
    expect(busiest, `the closest 25 writes arrived within ${tightest / 1000} s of device time`).toBeLessThanOrEqual(24);
    expect(writes.filter((c) => c.answer.status !== 'Accepted')).toEqual([]);

    // The write that waited past its send deadline was not sent, left the budget window and went out again.
    const events = (
      await api<{ items: { type: string; data: { code?: string } }[] }>(
        apiUrl,
        'GET',
        `/v1/chargers/${chargerId}/events?limit=1000`,
        key,
      )
    ).body.items;
    expect(events.some((e) => e.type === 'ChargingProfileWriteFailed' && e.data.code === 'NOT_SENT')).toBe(true);

    // And the charger ends with the CPO's last change.
    const last = limit;
    await eventually(
      async () => {
        const stored = (await (
          await fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}/profiles`)
        ).json()) as {
          chargingProfile: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } };
        }[];
        return stored[0]?.chargingProfile.chargingSchedule.chargingSchedulePeriod[0]?.limit === last ? true : undefined;
      },
      30_000,
      200,
    );
  }, 240_000);
});
