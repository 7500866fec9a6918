import { readdir } from 'node:fs/promises';
import { connectionFacts } from '@chargeplane/contracts-api';
import { eventually, newRunId } from '@chargeplane/platform-testing';
import { CONNECTED_AGAIN } from './connection/connection-facts.js';
import { EdgeHarness } from '../test/edge-harness.js';
import { OwnNats } from '../test/own-nats.js';

describe('ocpp-edge through a NATS outage (its own nats-server, stopped and started again)', () => {
  let nats: OwnNats;
  let harness: EdgeHarness | undefined;

  beforeAll(async () => {
    nats = await OwnNats.start();
    harness = await EdgeHarness.start({ natsUrl: nats.url, runId: newRunId() });
  });
  afterAll(async () => {
    // The harness removes its stream, so the server must be up (a failed test may have left it down).
    await nats?.resume().catch(() => undefined);
    await harness?.stop().catch(() => undefined);
    await nats?.stop();
  });

  it('answers a StopTransaction while NATS is down only once it is spooled, and stores it once after recovery', async () => {
    const password = await harness!.register('CP-OUTAGE');
    const charger = await harness!.connect('CP-OUTAGE', password);

    await nats.crash();
    await charger.call('StopTransaction', { meterStop: 5000, timestamp: new Date().toISOString(), transactionId: 7 });
    const spooled = (await readdir(harness!.spoolDir)).filter((n) => n.endsWith('.fact'));
    expect(spooled).toHaveLength(1);

    await nats.resume();
    const facts = await eventually(async () => {
      const all = await harness!.facts('CP-OUTAGE');
      return all.some((f) => f.request['reason'] === CONNECTED_AGAIN) ? all : undefined;
    }, 30_000);
    // Connected and the Heartbeat before the outage, then the stop: once, even if the client also sent a copy it had
    // buffered while disconnected (JetStream drops it by the fact's id); then the connection announced again (L4a),
    // behind the spooled stop, as every fact of a connection keeps its order.
    expect(facts.map((f) => f.action)).toEqual([
      connectionFacts.connected,
      'Heartbeat',
      'StopTransaction',
      connectionFacts.connected,
    ]);
    expect(facts[2]?.request).toMatchObject({ transactionId: 7 });
    await eventually(async () =>
      (await readdir(harness!.spoolDir)).some((n) => n.endsWith('.fact')) ? undefined : true,
    );
    await charger.close({});
  });

  it('records Connected again for a connection that stayed open through the outage (L4a), and only for it', async () => {
    const connectedFacts = async (id: string) =>
      (await harness!.facts(id)).filter((f) => f.action === connectionFacts.connected);
    const open = await harness!.connect('CP-STAYS', await harness!.register('CP-STAYS'));
    const closed = await harness!.connect('CP-LEAVES', await harness!.register('CP-LEAVES'));
    await closed.close({});
    await eventually(async () =>
      (await harness!.facts('CP-LEAVES')).some((f) => f.action === connectionFacts.disconnected) ? true : undefined,
    );

    await nats.crash();
    await nats.resume();
    // Calls to the charger found nobody subscribed while NATS was away, and the platform took it offline: the
    // edge says it is still there, on the same connection, after everything it recorded before.
    const facts = await eventually(async () => {
      const all = await connectedFacts('CP-STAYS');
      return all.length === 2 ? all : undefined;
    }, 30_000);
    expect(facts[1]?.context.connectionId).toBe(facts[0]?.context.connectionId);
    expect(facts[0]?.request).toEqual({});
    expect(facts[1]?.request).toEqual({ reason: CONNECTED_AGAIN });
    // The charger that had left is not announced again.
    expect(await connectedFacts('CP-LEAVES')).toHaveLength(1);
    await open.close({});
  });
});
