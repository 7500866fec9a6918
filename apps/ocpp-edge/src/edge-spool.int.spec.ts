import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams } from '@chargeplane/contracts-api';
import { eventually, provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { RPCError } from 'ocpp-rpc';
import { EdgeHarness } from '../test/edge-harness.js';

/** The facts in a spool directory, oldest first. */
async function spooled(dir: string): Promise<{ action: string; chargerId: string }[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.fact')).sort();
  const entries = await Promise.all(names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8'))));
  return entries.map((e: { fact: { action: string; context: { chargerId: string } } }) => ({
    action: e.fact.action,
    chargerId: e.fact.context.chargerId,
  }));
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const stop = (transactionId: number) => ({ meterStop: 2000, timestamp: new Date().toISOString(), transactionId });

describe('ocpp-edge: nothing answered before its fact is durable', () => {
  let infra: TestInfra;
  const harnesses: EdgeHarness[] = [];

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
  });
  // Each test's edge stops at its end (two harnesses on one prefix would both answer the auth lookups).
  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.stop();
  });
  afterAll(async () => {
    await infra?.stop();
  });

  async function start(overrides: Parameters<typeof EdgeHarness.start>[1] = {}): Promise<EdgeHarness> {
    const harness = await EdgeHarness.start(infra, overrides);
    harnesses.push(harness);
    return harness;
  }

  /** JetStream cannot take facts: OCPP_IN is gone (a publish gets no stream's ack). */
  const loseStream = (harness: EdgeHarness) => harness.bus.deleteStreams([streams.ocppIn]);
  const restoreStream = (harness: EdgeHarness) => harness.bus.ensureStreams([streams.ocppIn]);

  it('answers a StopTransaction only once it is in the spool, and the fact reaches the stream after recovery', async () => {
    const harness = await start();
    const password = await harness.register('CP-SPOOL-1');
    const charger = await harness.connect('CP-SPOOL-1', password);
    await loseStream(harness);

    await charger.call('StopTransaction', stop(11));
    expect(await spooled(harness.spoolDir)).toEqual([{ action: 'StopTransaction', chargerId: 'CP-SPOOL-1' }]);
    expect(metric(await harness.metrics(), 'ocpp_edge_spool_messages')).toBe(1);
    // Behind the spooled fact, never before it: the charger's later facts queue up in order.
    await charger.call('Heartbeat', {});
    expect((await spooled(harness.spoolDir)).map((f) => f.action)).toEqual(['StopTransaction', 'Heartbeat']);

    await restoreStream(harness);
    const facts = await eventually(async () => {
      const all = await harness.facts('CP-SPOOL-1');
      return all.length >= 2 ? all : undefined;
    }, 30_000);
    expect(facts.map((f) => f.action)).toEqual(['StopTransaction', 'Heartbeat']);
    expect(facts[0]?.request).toMatchObject({ transactionId: 11 });
    await eventually(async () => ((await spooled(harness.spoolDir)).length === 0 ? true : undefined));
    expect(metric(await harness.metrics(), 'ocpp_edge_spool_messages')).toBe(0);
    await charger.close({});
  });

  it('answers with an InternalError CALLERROR while the spool is full, and takes the retried call once it drained', async () => {
    const harness = await start({ EDGE_SPOOL_MAX_MESSAGES: 1 });
    const password = await harness.register('CP-SPOOL-2');
    const charger = await harness.connect('CP-SPOOL-2', password);
    await loseStream(harness);

    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Finishing' });
    const failure = await charger.call('StopTransaction', stop(12)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RPCError);
    expect((failure as RPCError).rpcErrorCode).toBe('InternalError');
    expect((failure as RPCError).message).toMatch(/cannot record this message now .*spool full.*retry later/);
    expect(await spooled(harness.spoolDir)).toEqual([{ action: 'StatusNotification', chargerId: 'CP-SPOOL-2' }]);
    expect(await harness.metrics()).toMatch(/ocpp_edge_facts_total\{outcome="refused",app="ocpp-edge"\} 1/);

    await restoreStream(harness);
    await eventually(async () => ((await spooled(harness.spoolDir)).length === 0 ? true : undefined), 30_000);
    await charger.call('StopTransaction', stop(12));
    const facts = await eventually(async () => {
      const all = await harness.facts('CP-SPOOL-2');
      return all.length >= 2 ? all : undefined;
    });
    expect(facts.map((f) => f.action)).toEqual(['StatusNotification', 'StopTransaction']);
    await charger.close({});
  });

  it('drains what a stopped edge left in its spool when an edge starts again on it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-spool-restart-'));
    try {
      const first = await start({ EDGE_SPOOL_DIR: dir });
      const password = await first.register('CP-SPOOL-3');
      const charger = await first.connect('CP-SPOOL-3', password);
      await loseStream(first);
      await charger.call('StopTransaction', stop(13));
      await first.edge.close();
      expect((await spooled(dir)).map((f) => f.action)).toEqual(['StopTransaction', 'Disconnected']);

      await restoreStream(first);
      const second = await start({ EDGE_SPOOL_DIR: dir });
      const facts = await eventually(async () => {
        const all = await second.facts('CP-SPOOL-3');
        return all.length >= 2 ? all : undefined;
      }, 30_000);
      expect(facts.map((f) => f.action)).toEqual(['StopTransaction', 'Disconnected']);
      await eventually(async () => ((await spooled(dir)).length === 0 ? true : undefined));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
