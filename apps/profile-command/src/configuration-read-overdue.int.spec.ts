import { randomUUID } from 'node:crypto';
import { ChargerCallRequest as CallSchema, subjects, type ChargerCallRequest } from '@chargeplane/contracts-api';
import { NatsBus } from '@chargeplane/platform-messaging';
import { aTxDefaultProfileBody } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

/** 240 simulated seconds per real second: a configuration read is overdue (Z17a, 2 minutes) half a real second on. */
const clock = { CLOCK_SPEED: '240', CLOCK_EPOCH: new Date().toISOString() };
const CHARGER = 'R-1';

/**
 * Z17a: the configuration read a connection or boot calls for is scheduled in one replica's memory. When it is lost —
 * its call found nobody subscribed (the edge was away from NATS for a moment), or its process died — the charger is
 * still connected, no new connection or boot comes to read again, and every write would wait for that read for ever.
 */
describe('An overdue configuration read is asked for again (real PostgreSQL and NATS, accelerated clock)', () => {
  let app: TestApp;
  let edge: NatsBus;
  const calls: string[] = [];

  beforeAll(async () => {
    app = await startTestApp(clock);
    edge = await NatsBus.connect({ url: app.infra.natsUrl, name: 'fake-edge', prefix: app.infra.runId });
  });
  afterAll(async () => {
    await edge?.close();
    await app?.stop();
    await app?.infra.stop();
  });

  it('reads the configuration of a charger whose read found nobody, and then sends the write that waited for it', async () => {
    const key = String((await app.call('POST', '/v1/tenants', adminKey, { name: 'r' })).body['apiKey']);
    await app.call('POST', '/v1/chargers', key, { chargerId: CHARGER, model: 'zappi' });
    const context = {
      tenantId: 'x',
      chargerId: CHARGER,
      edgeId: 'fake',
      connectionId: 'c-1',
      receivedAt: new Date().toISOString(),
      messageId: null,
    };
    const fact = (action: string, request: Record<string, unknown>, response: Record<string, unknown> | null) => ({
      id: randomUUID(),
      context,
      action,
      request,
      response,
    });
    // The edge answers `offline` (as for a connection it had just lost) to everything until told otherwise.
    let reachable = false;
    edge.serve(subjects.chargerCall(CHARGER), CallSchema, async (call: ChargerCallRequest) => {
      calls.push(`${call.action}${reachable ? '' : ' (offline)'}`);
      if (!reachable) return { kind: 'offline' };
      return call.action === 'GetConfiguration'
        ? {
            kind: 'result',
            messageId: randomUUID(),
            payload: {
              configurationKey: [
                { key: 'CommercialMode', readonly: false, value: 'True' },
                { key: 'SupportedFeatureProfiles', readonly: true, value: 'Core,SmartCharging' },
              ],
              unknownKey: [],
            },
          }
        : { kind: 'result', messageId: randomUUID(), payload: { status: 'Accepted' } };
    });
    await edge.nc.flush();
    // Connected and booted: the boot's read finds the charger offline and is dropped; the charger stays connected.
    for (const f of [
      fact('Connected', {}, null),
      fact(
        'BootNotification',
        { chargePointVendor: 'myenergi', chargePointModel: 'zappi', firmwareVersion: '5.5.1' },
        { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 },
      ),
    ])
      await edge.publish(subjects.ocppIn(CHARGER, f.action), f, f.id);
    await vi.waitFor(() => expect(calls).toEqual(['GetConfiguration (offline)']), { timeout: 20_000, interval: 20 });
    const put = await app.call('PUT', `/v1/chargers/${CHARGER}/charging-profiles/500`, key, aTxDefaultProfileBody(500));
    // Connected, so not awaiting a connection: the write waits for the configuration read.
    expect(put.status).toBe(202);
    expect(put.body['status']).toBe('deferred');

    // The edge is reachable again; nothing new happens on the connection.
    reachable = true;
    // The overdue read is asked for by a wake-up, and the write that waited for it goes out after it.
    await vi.waitFor(() => expect(calls.slice(1)).toEqual(['GetConfiguration', 'SetChargingProfile']), {
      timeout: 30_000,
      interval: 50,
    });
    // The charger's history (the event store, no twin needed): the read recorded, then the write accepted.
    await vi.waitFor(
      async () => {
        const history = await app.call('GET', `/v1/chargers/${CHARGER}/events`, key);
        const types = (history.body['items'] as { type: string }[]).map((e) => e.type);
        expect(types.slice(types.indexOf('ChargerBooted'))).toEqual([
          'ChargerBooted',
          'ChargingProfileDesired',
          'ChargerConfigurationReported',
          'ChargingProfileWriteDispatched',
          'ChargingProfileAccepted',
        ]);
      },
      { timeout: 10_000, interval: 50 },
    );
  }, 90_000);
});
