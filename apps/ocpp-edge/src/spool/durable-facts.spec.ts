import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChargerFact } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { Registry } from 'prom-client';
import { DurableFacts } from './durable-facts.js';
import { FactSpool } from './fact-spool.js';

const receivedAt = new Date().toISOString();
function aFact(chargerId: string, n: number): ChargerFact {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    context: { tenantId: 't', chargerId, edgeId: 'e', connectionId: 'c', receivedAt, messageId: `${chargerId}-${n}` },
    action: 'StatusNotification',
    request: { n },
    response: {},
  };
}

/** A bus whose JetStream stores what it is given, except the publishes `refuse` names (once each). */
function fakeBus(refuse: Set<string>) {
  const stored: ChargerFact[] = [];
  const bus = {
    publish: async (_subject: string, fact: ChargerFact) => {
      if (refuse.delete(fact.context.messageId ?? '')) throw new Error('JetStream did not ack');
      stored.push(fact);
      return { seq: stored.length, duplicate: false };
    },
  };
  return { bus: bus as unknown as NatsBus, stored };
}

describe('DurableFacts draining its spool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'durable-facts-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes chargers side by side but never a charger’s fact before its earlier one, through a failure', async () => {
    const spool = await FactSpool.open(dir, { maxMessages: 100, maxBytes: 1024 * 1024 });
    const facts = [aFact('A', 1), aFact('B', 2), aFact('A', 3), aFact('C', 4), aFact('B', 5), aFact('A', 6)];
    for (const fact of facts) await spool.append({ subject: `ocpp.in.${fact.context.chargerId}.X`, fact });
    const { bus, stored } = fakeBus(new Set(['A-1']));
    const durable = new DurableFacts(bus, spool, 1000, createLogger('test', 'silent'), Date.now, new Registry());
    durable.start();
    await vi.waitFor(() => expect(stored).toHaveLength(6), { timeout: 10_000 });
    await durable.stop();

    const order = (chargerId: string) => stored.filter((f) => f.context.chargerId === chargerId).map((f) => f.id);
    for (const chargerId of ['A', 'B', 'C'])
      expect(order(chargerId)).toEqual(facts.filter((f) => f.context.chargerId === chargerId).map((f) => f.id));
    // B's first fact did not wait for A's retry: the chargers are drained side by side.
    expect(stored[0]?.context.messageId).toBe('B-2');
    expect(spool.empty).toBe(true);
  });
});

describe('DurableFacts stopping', () => {
  it('given a fact whose publish is still waiting for an ack, when stopped, then the spool closes only after that fact is in it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'durable-facts-'));
    try {
      const spool = await FactSpool.open(dir, { maxMessages: 100, maxBytes: 1024 * 1024 });
      const calls: string[] = [];
      const append = spool.append.bind(spool);
      const close = spool.close.bind(spool);
      spool.append = (entry) => (calls.push('append'), append(entry));
      spool.close = () => (calls.push('close'), close());
      let refuse: (error: Error) => void = () => undefined;
      const bus = {
        publish: () => new Promise((_resolve, reject) => (refuse = reject)),
      } as unknown as NatsBus;
      const durable = new DurableFacts(bus, spool, 60_000, createLogger('test', 'silent'), Date.now, new Registry());
      durable.start();
      const recorded = durable.record(aFact('A', 1));
      const stopped = durable.stop();
      // The ack never comes: the publish fails a turn later, and the fact goes to the spool.
      await new Promise((resolve) => setImmediate(resolve));
      refuse(new Error('JetStream did not ack'));
      expect(await recorded).toBe('spool');
      await stopped;
      expect(calls).toEqual(['append', 'close']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
