import type { ChildProcess } from 'node:child_process';
import type { Twin } from '@chargeplane/contracts-api';
import { eventually, utcMidnight } from '@chargeplane/platform-testing';
import { api, freePort, startCharger, startHarness, type Harness } from './e2e-harness.js';

/** One real second is one simulated minute: the scripted hour takes a real minute. */
const SPEED = 60;
const CHARGERS = ['ZAPPI-TWIN-1', 'ZAPPI-TWIN-2', 'ZAPPI-TWIN-3'];
/** Started a day ago: every period is in the past, the last one is in force (no duration). */
const STARTED = utcMidnight(-1);

const txDefault = (id: number, limit: number, periods = 2) => ({
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: id,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: STARTED,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: Array.from({ length: periods }, (_, i) => ({
        startPeriod: i * 900,
        limit: i % 2 === 0 ? limit : 6,
      })),
    },
  },
});

/** A small deterministic script (seeded), so a failure can be replayed. */
function* script(seed: number) {
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let minute = 0; minute < 60; minute++) {
    const charger = CHARGERS[Math.floor(next() * CHARGERS.length)]!;
    const roll = next();
    if (roll < 0.6)
      yield {
        minute,
        charger,
        kind: 'set' as const,
        body: txDefault(100 + Math.floor(next() * 3), 6 + Math.floor(next() * 26), 1 + Math.floor(next() * 6)),
      };
    else if (roll < 0.7) yield { minute, charger, kind: 'remove' as const, id: 100 + Math.floor(next() * 3) };
    else if (roll < 0.85) yield { minute, charger, kind: 'offline' as const };
    else yield { minute, charger, kind: 'online' as const };
  }
}

interface StoredProfile {
  connectorId: number;
  chargingProfile: {
    chargingProfileId: number;
    chargingSchedule: { chargingSchedulePeriod: { startPeriod: number; limit: number }[] };
  };
}

describe('The twin equals the device after an hour of changes, disconnects and reconnects', () => {
  let h: Harness;
  const sims: ChildProcess[] = [];
  beforeAll(async () => {
    h = await startHarness({ clockSpeed: SPEED });
  });
  afterAll(async () => {
    for (const s of sims) s.kill('SIGTERM');
    await h?.stop();
  });

  it('shows for every charger exactly the profiles its simulator says are stored', async () => {
    const { apiUrl, ocppUrl } = h.platform;
    const key = (await api<{ apiKey: string }>(apiUrl, 'POST', '/v1/tenants', h.adminKey, { name: 'twin' })).body
      .apiKey;
    const ports = new Map<string, number>();
    for (const id of CHARGERS) {
      const { password } = (
        await api<{ password: string }>(apiUrl, 'POST', '/v1/chargers', key, { chargerId: id, model: 'zappi' })
      ).body;
      ports.set(id, await freePort());
      sims.push(
        startCharger({
          ocppUrl,
          id,
          password,
          controlPort: ports.get(id)!,
          extra: ['--clock-speed', String(SPEED), '--log-level', 'warn'],
        }),
      );
    }
    for (const id of CHARGERS)
      await eventually(
        async () =>
          (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${id}`, key)).body.commercialMode === true ? true : undefined,
        30_000,
      );

    const control = (id: string, action: string) =>
      fetch(`http://127.0.0.1:${ports.get(id)}/chargers/${id}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    const started = Date.now();
    for (const step of script(20261125)) {
      const wait = started + step.minute * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (step.kind === 'set')
        expect(
          (
            await api(
              apiUrl,
              'PUT',
              `/v1/chargers/${step.charger}/charging-profiles/${step.body.chargingProfile.chargingProfileId}`,
              key,
              step.body,
            )
          ).status,
        ).toBe(202);
      else if (step.kind === 'remove')
        expect(
          (await api(apiUrl, 'DELETE', `/v1/chargers/${step.charger}/charging-profiles/${step.id}`, key)).status,
        ).toBe(202);
      else expect((await control(step.charger, step.kind)).status).toBe(202);
    }
    for (const id of CHARGERS) await control(id, 'online');

    // Once every charger is back and in sync, the twin and the device agree profile by profile.
    for (const id of CHARGERS) {
      const twin = await eventually(
        async () => {
          const t = (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${id}`, key)).body;
          return t.connected && t.profiles.every((p) => p.sync === 'in-sync') ? t : undefined;
        },
        120_000,
        250,
      );
      const stored = (await (
        await fetch(`http://127.0.0.1:${ports.get(id)}/chargers/${id}/profiles`)
      ).json()) as StoredProfile[];
      const onDevice = stored.map((s) => ({
        id: s.chargingProfile.chargingProfileId,
        periods: s.chargingProfile.chargingSchedule.chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit]),
      }));
      const inTwin = twin.profiles
        .filter((p) => p.confirmed)
        .map((p) => ({
          id: p.chargingProfileId,
          periods: (p.confirmed as StoredProfile['chargingProfile']).chargingSchedule.chargingSchedulePeriod.map(
            (q) => [q.startPeriod, q.limit],
          ),
        }));
      expect(inTwin.sort((a, b) => a.id - b.id)).toEqual(onDevice.sort((a, b) => a.id - b.id));
      expect(twin.slots.used).toBe(onDevice.reduce((n, p) => n + p.periods.length, 0));
    }
  }, 300_000);
});
