import { readdir } from 'node:fs/promises';
import { connectionFacts } from '@chargeplane/contracts-api';
import { eventually, newRunId } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';
import { OwnNats } from '../test/own-nats.js';

describe('ocpp-edge through a NATS outage (its own nats-server, stopped and started again)', () => {
  let nats: OwnNats;
  let harness: EdgeHarness | undefined;

  beforeAll(async () => {
    nats = await OwnNats.start();
  });
  afterAll(async () => {
    // The harness removes its stream, so the server must be up (a failed test may have left it down).
    await nats?.resume().catch(() => undefined);
    await harness?.stop().catch(() => undefined);
    await nats?.stop();
  });

  it('answers a StopTransaction while NATS is down only once it is spooled, and stores it once after recovery', async () => {
    harness = await EdgeHarness.start({ natsUrl: nats.url, runId: newRunId() });
    const password = await harness.register('CP-OUTAGE');
    const charger = await harness.connect('CP-OUTAGE', password);

    await nats.crash();
    await charger.call('StopTransaction', { meterStop: 5000, timestamp: new Date().toISOString(), transactionId: 7 });
    const spooled = (await readdir(harness.spoolDir)).filter((n) => n.endsWith('.fact'));
    expect(spooled).toHaveLength(1);

    await nats.resume();
    const facts = await eventually(async () => {
      const all = await harness!.facts('CP-OUTAGE');
      return all.some((f) => f.action === 'StopTransaction') ? all : undefined;
    }, 30_000);
    // Connected and the Heartbeat before the outage, then the stop: once, even if the client also sent a copy it had
    // buffered while disconnected (JetStream drops it by the fact's id).
    expect(facts.map((f) => f.action)).toEqual([connectionFacts.connected, 'Heartbeat', 'StopTransaction']);
    expect(facts[2]?.request).toMatchObject({ transactionId: 7 });
    await eventually(async () =>
      (await readdir(harness!.spoolDir)).some((n) => n.endsWith('.fact')) ? undefined : true,
    );
    await charger.close({});
  });
});
