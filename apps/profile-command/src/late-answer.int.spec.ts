import { randomUUID } from 'node:crypto';
import {
  ChargerCallRequest as CallSchema,
  streams,
  subjects,
  type ChargerCallRequest,
} from '@chargeplane/contracts-api';
import { createDataSource, migrate } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { aTxDefaultProfileBody, provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { profileCommandMigrations } from './compose.js';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

/** 10 simulated seconds per real second: zappi's 60 s call timeout (the resend's wait) lasts 6 real seconds. */
const clock = { CLOCK_SPEED: '10', CLOCK_EPOCH: new Date().toISOString() };
const fact = (action: string, request: Record<string, unknown>, response: Record<string, unknown> | null) => ({
  id: randomUUID(),
  context: {
    tenantId: 'x',
    chargerId: 'L-1',
    edgeId: 'fake',
    connectionId: 'k',
    receivedAt: new Date().toISOString(),
    messageId: null,
  },
  action,
  request,
  response,
});

// Rule 3f, L11: the edge reports a CALLRESULT that came after its call timed out as a `CallResult` fact (late).
describe('A late answer settles a timed-out write (real PostgreSQL and NATS)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  let app: TestApp;
  const writes: unknown[] = [];

  beforeAll(async () => {
    infra = await provideInfra({ postgres: true, nats: true });
    const db = createDataSource(infra.databaseUrl, profileCommandMigrations);
    await db.initialize();
    await migrate(db);
    await db.destroy();
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'fake-edge', prefix: infra.runId });
    await bus.ensureStreams(Object.values(streams));
    // The edge's side: the first SetChargingProfile times out, and its Accepted arrives late, as a fact.
    bus.serve(subjects.chargerCall('L-1'), CallSchema, async (call: ChargerCallRequest) => {
      if (call.action === 'SetChargingProfile') {
        writes.push(call.payload);
        if (writes.length === 1) {
          setTimeout(() => {
            const late = fact(
              'CallResult',
              { action: 'SetChargingProfile', payload: call.payload, late: true },
              { status: 'Accepted' },
            );
            void bus.publish(subjects.ocppIn('L-1', 'CallResult'), late, late.id);
          }, 300);
          return { kind: 'timeout', messageId: randomUUID() };
        }
        return { kind: 'result', messageId: randomUUID(), payload: { status: 'Accepted' } };
      }
      return {
        kind: 'result',
        messageId: randomUUID(),
        payload: { configurationKey: [{ key: 'CommercialMode', readonly: false, value: 'True' }], unknownKey: [] },
      };
    });
    app = await startTestApp(clock, infra);
  });
  afterAll(async () => {
    await app?.stop();
    await bus?.close();
    await infra?.stop();
  });

  it('confirms the profile without sending it again', async () => {
    const key = String((await app.call('POST', '/v1/tenants', adminKey, { name: 'l' })).body['apiKey']);
    await app.call('POST', '/v1/chargers', key, { chargerId: 'L-1', model: 'zappi' });
    const connected = fact('Connected', {}, null);
    await bus.publish(subjects.ocppIn('L-1', 'Connected'), connected, connected.id);
    // A zappi that reports its firmware (writes wait while it is unknown, Z4) and whose configuration is read.
    const boot = fact(
      'BootNotification',
      { chargePointVendor: 'myenergi', chargePointModel: 'zappi', firmwareVersion: '5.5.1' },
      { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 },
    );
    await bus.publish(subjects.ocppIn('L-1', 'BootNotification'), boot, boot.id);
    const body = aTxDefaultProfileBody(7, { schedule: { startSchedule: clock.CLOCK_EPOCH } });
    await app.call('PUT', '/v1/chargers/L-1/charging-profiles/7', key, body);
    const types = async () => {
      const page = await app.call('GET', '/v1/chargers/L-1/events?fromVersion=1&limit=100', key);
      return (page.body['items'] as { type: string; data: Record<string, unknown> }[]).map((e) => e.type);
    };
    await vi.waitFor(async () => expect(await types()).toContain('ChargingProfileAccepted'), { timeout: 10_000 });
    expect((await types()).filter((t) => t === 'ChargingProfileWriteFailed')).toHaveLength(1);
    // Longer than the resend would have waited (one call timeout, 6 real seconds): no second write went out.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(writes).toHaveLength(1);
    expect((await types()).filter((t) => t === 'ChargingProfileWriteDispatched')).toHaveLength(1);
  }, 60_000);
});
