import { randomUUID } from 'node:crypto';
import {
  ChargerCallRequest as CallSchema,
  streams,
  subjects,
  type ChargerCallRequest,
} from '@chargeplane/contracts-api';
import { NatsBus } from '@chargeplane/platform-messaging';
import { aTxDefaultProfileBody, provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';
import { createDataSource, migrate } from '@chargeplane/platform-event-store';
import { profileCommandMigrations } from './compose.js';

/** 240 simulated seconds per real second: the 60-minute write window lasts 15 real seconds. */
const SPEED = '240';
const clock = { CLOCK_SPEED: SPEED, CLOCK_EPOCH: new Date().toISOString() };
const profile = (limit: number) => aTxDefaultProfileBody(500, { limit });

describe('Deferred writes survive a restart (real PostgreSQL and NATS, accelerated clock)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  const received: { at: number; limit: number }[] = [];

  beforeAll(async () => {
    infra = await provideInfra({ postgres: true, nats: true });
    const db = createDataSource(infra.databaseUrl, profileCommandMigrations);
    await db.initialize();
    await migrate(db);
    await db.destroy();
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'fake-edge', prefix: infra.runId });
    await bus.ensureStreams(Object.values(streams));
    // The edge's side of cp.{id}.call, answering as a zappi that accepts everything it is sent.
    bus.serve(subjects.chargerCall('D-1'), CallSchema, async (call: ChargerCallRequest) => {
      if (call.action === 'SetChargingProfile') {
        const p = call.payload as {
          csChargingProfiles: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } };
        };
        received.push({
          at: Date.now(),
          limit: p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]!.limit,
        });
        return { kind: 'result', messageId: randomUUID(), payload: { status: 'Accepted' } };
      }
      return {
        kind: 'result',
        messageId: randomUUID(),
        payload: { configurationKey: [{ key: 'CommercialMode', readonly: false, value: 'True' }], unknownKey: [] },
      };
    });
  });
  afterAll(async () => {
    await bus?.close();
    await infra?.stop();
  });

  it('sends the deferred (coalesced) write when the window frees, even though the service restarted meanwhile', async () => {
    let app: TestApp = await startTestApp(clock, infra);
    const key = String((await app.call('POST', '/v1/tenants', adminKey, { name: 'd' })).body['apiKey']);
    await app.call('POST', '/v1/chargers', key, { chargerId: 'D-1', model: 'zappi' });
    const connected = {
      id: randomUUID(),
      context: {
        tenantId: 'x',
        chargerId: 'D-1',
        edgeId: 'fake',
        connectionId: 'k',
        receivedAt: new Date().toISOString(),
        messageId: null,
      },
      action: 'Connected',
      request: {},
      response: null,
    };
    await bus.publish(subjects.ocppIn('D-1', 'Connected'), connected, connected.id);
    // A zappi boots on connecting and reports its firmware: until it does, no profile is written to it (Z4).
    const boot = {
      ...connected,
      id: randomUUID(),
      action: 'BootNotification',
      request: { chargePointVendor: 'myenergi', chargePointModel: 'zappi', firmwareVersion: '5.5.1' },
      response: { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 },
    };
    await bus.publish(subjects.ocppIn('D-1', 'BootNotification'), boot, boot.id);

    // 24 accepted writes fill the window; each PUT waits for the previous write to be confirmed.
    for (let i = 1; i <= 24; i++) {
      await vi.waitFor(
        async () =>
          expect(
            (await app.call('PUT', '/v1/chargers/D-1/charging-profiles/500', key, profile(i))).body['status'],
          ).not.toBe('deferred'),
        { timeout: 5000, interval: 20 },
      );
      await vi.waitFor(() => expect(received).toHaveLength(i), { timeout: 5000, interval: 10 });
    }
    // Two more changes while the budget is spent: deferred, and coalesced into the latest.
    await vi.waitFor(
      async () =>
        expect((await app.call('PUT', '/v1/chargers/D-1/charging-profiles/500', key, profile(25))).body['status']).toBe(
          'deferred',
        ),
      { timeout: 5000 },
    );
    const last = await app.call('PUT', '/v1/chargers/D-1/charging-profiles/500', key, profile(26));
    expect(last.body).toMatchObject({ status: 'deferred' });
    const until = Date.parse(String(last.body['deferredUntil']));

    await app.stop();
    app = await startTestApp(clock, infra);
    await vi.waitFor(() => expect(received).toHaveLength(25), { timeout: 45_000, interval: 50 });
    expect(received[24]!.limit).toBe(26);
    // The 25th write goes out only once the first has left the 60-minute window (in simulated time).
    const simulated = (real: number) =>
      Date.parse(clock.CLOCK_EPOCH) + (real - Date.parse(clock.CLOCK_EPOCH)) * Number(SPEED);
    expect(simulated(received[24]!.at) - simulated(received[0]!.at)).toBeGreaterThanOrEqual(3600_000);
    expect(simulated(received[24]!.at)).toBeGreaterThanOrEqual(until);
    await app.stop();
  }, 120_000);
});
