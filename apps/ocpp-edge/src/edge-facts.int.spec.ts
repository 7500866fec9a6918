import { connectionFacts, streams, subjects } from '@chargeplane/contracts-api';
import { eventually, provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { RPCClient } from 'ocpp-rpc';
import { EdgeHarness } from '../test/edge-harness.js';

/** The message ids of the CALLs a charger sends, in order. */
function sentIds(client: RPCClient): string[] {
  const ids: string[] = [];
  client.on('call', ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
    if (outbound) ids.push(String(payload[1]));
  });
  return ids;
}

describe('ocpp-edge: facts on JetStream', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let password: string;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra);
    password = await harness.register('CP-FACTS', undefined, 'tenant-facts');
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  it('records a connection in order: Connected, the calls it answered, call results, Disconnected', async () => {
    const charger = await harness.connect('CP-FACTS', password, {}, false);
    const ids = sentIds(charger);
    const boot = await charger.call('BootNotification', { chargePointVendor: 'acme', chargePointModel: 'x1' });
    await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
    charger.handle('GetConfiguration', async () => ({ configurationKey: [], unknownKey: ['Foo'] }));
    const reply = await harness.call('CP-FACTS', 'GetConfiguration', { key: ['Foo'] });
    await charger.close({});

    const facts = await eventually(async () => {
      const all = await harness.facts('CP-FACTS');
      return all.at(-1)?.action === connectionFacts.disconnected ? all : undefined;
    });
    expect(facts.map((f) => f.action)).toEqual([
      'Connected',
      'BootNotification',
      'StatusNotification',
      'CallResult',
      'Disconnected',
    ]);
    const [connected, bootFact, status, callResult, disconnected] = facts;
    const connectionId = connected?.context.connectionId;
    expect(connectionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const fact of facts) {
      expect(fact.context).toMatchObject({
        tenantId: 'tenant-facts',
        chargerId: 'CP-FACTS',
        edgeId: 'edge-test',
        connectionId,
      });
    }
    expect(connected).toMatchObject({ request: {}, response: null, context: { messageId: null } });
    expect(bootFact).toMatchObject({
      request: { chargePointVendor: 'acme', chargePointModel: 'x1' },
      response: boot as Record<string, unknown>,
      context: { messageId: ids[0] },
    });
    expect(status?.context.messageId).toBe(ids[1]);
    expect(callResult).toMatchObject({
      request: { action: 'GetConfiguration', payload: { key: ['Foo'] } },
      response: { configurationKey: [], unknownKey: ['Foo'] },
      context: { messageId: reply.kind === 'result' ? reply.messageId : 'none' },
    });
    expect(disconnected?.request).toEqual({ reason: expect.stringContaining('1000') });
  });

  it('publishes each fact with its id as the JetStream message id, so a re-publish is dropped', async () => {
    const charger = await harness.connect('CP-FACTS', password);
    await charger.close({});
    const [fact] = (await harness.facts('CP-FACTS')).slice(-1);
    const stream = harness.bus.stream(streams.ocppIn.name);
    const stored = await harness.bus.jsm.streams.getMessage(stream, {
      last_by_subj: harness.bus.subject(subjects.ocppIn('CP-FACTS', fact?.action ?? '')),
    });
    expect(stored?.header?.get('Nats-Msg-Id')).toBe(fact?.id);
    const again = await harness.bus.publish(subjects.ocppIn('CP-FACTS', fact?.action ?? ''), fact, fact?.id);
    expect(again.duplicate).toBe(true);
  });

  it('records nothing for calls answered with a CALLERROR', async () => {
    const original = harness.stub.startTransaction;
    harness.stub.startTransaction = () => {
      throw new Error('no ids today');
    };
    try {
      const before = (await harness.facts('CP-FACTS')).length;
      const charger = await harness.connect('CP-FACTS', password, {}, false);
      const start = { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: new Date().toISOString() };
      await expect(charger.call('StartTransaction', start)).rejects.toThrow();
      await charger.close({});
      const facts = await eventually(async () => {
        const all = (await harness.facts('CP-FACTS')).slice(before);
        return all.at(-1)?.action === connectionFacts.disconnected ? all : undefined;
      });
      expect(facts.map((f) => f.action)).toEqual(['Connected', 'Disconnected']);
    } finally {
      harness.stub.startTransaction = original;
    }
  });
});
