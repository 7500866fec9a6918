import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { RPCError } from 'ocpp-rpc';
import { EdgeHarness } from '../test/edge-harness.js';

const STATUS = { connectorId: 1, errorCode: 'NoError', status: 'Available' } as const;

describe('ocpp-edge: calls from chargers', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let password: string;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra);
    password = await harness.register('CP-CALLS');
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  it('accepts a BootNotification with the current time and the directory heartbeat interval', async () => {
    const charger = await harness.connect('CP-CALLS', password);
    const before = Date.now();
    const answer = await charger.call('BootNotification', { chargePointVendor: 'myenergi', chargePointModel: 'zappi' });
    expect(answer).toMatchObject({ status: 'Accepted', interval: 300 });
    const currentTime = Date.parse((answer as { currentTime: string }).currentTime);
    expect(currentTime).toBeGreaterThanOrEqual(before - 1000);
    expect(currentTime).toBeLessThanOrEqual(Date.now() + 1000);
    await charger.close({});
  });

  it('answers Heartbeat with the current time and the notifications with {}', async () => {
    const charger = await harness.connect('CP-CALLS', password);
    expect(await charger.call('Heartbeat', {})).toEqual({ currentTime: expect.any(String) });
    expect(await charger.call('StatusNotification', STATUS)).toEqual({});
    const meterValues = {
      connectorId: 1,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1200' }] }],
    };
    expect(await charger.call('MeterValues', meterValues)).toEqual({});
    expect(await charger.call('DiagnosticsStatusNotification', { status: 'Idle' })).toEqual({});
    expect(await charger.call('FirmwareStatusNotification', { status: 'Idle' })).toEqual({});
    expect(await charger.call('DataTransfer', { vendorId: 'acme' })).toEqual({ status: 'UnknownVendorId' });
    await charger.close({});
  });

  describe('Authorize', () => {
    it('answers with the decision of charger.authorize', async () => {
      const charger = await harness.connect('CP-CALLS', password);
      expect(await charger.call('Authorize', { idTag: 'TAG-1' })).toEqual({ idTagInfo: { status: 'Accepted' } });
      expect(await charger.call('Authorize', { idTag: 'BLOCKED-1' })).toEqual({ idTagInfo: { status: 'Blocked' } });
      await charger.close({});
    });

    it('answers Invalid when charger.authorize fails', async () => {
      const original = harness.stub.authorize;
      harness.stub.authorize = () => {
        throw new Error('directory down');
      };
      try {
        const charger = await harness.connect('CP-CALLS', password);
        expect(await charger.call('Authorize', { idTag: 'TAG-2' })).toEqual({ idTagInfo: { status: 'Invalid' } });
        await charger.close({});
      } finally {
        harness.stub.authorize = original;
      }
    });
  });

  describe('transactions', () => {
    // The charger's own clock: the test's, a session of one hour.
    const startedAt = Date.now();
    const start = { connectorId: 1, idTag: 'TAG-1', meterStart: 1000, timestamp: new Date(startedAt).toISOString() };

    it('answers StartTransaction with the id profile-command allocated', async () => {
      const seen: unknown[] = [];
      const original = harness.stub.startTransaction;
      harness.stub.startTransaction = (request) => {
        seen.push(request);
        return { transactionId: 4711, idTagInfo: { status: 'Accepted' } };
      };
      try {
        const charger = await harness.connect('CP-CALLS', password);
        expect(await charger.call('StartTransaction', start)).toEqual({
          transactionId: 4711,
          idTagInfo: { status: 'Accepted' },
        });
        expect(seen).toEqual([{ chargerId: 'CP-CALLS', ...start }]);
        await charger.close({});
      } finally {
        harness.stub.startTransaction = original;
      }
    });

    it('fails StartTransaction with an InternalError CALLERROR (the charger retries) when no id can be allocated', async () => {
      const original = harness.stub.startTransaction;
      harness.stub.startTransaction = () => {
        throw new Error('event store down');
      };
      try {
        const charger = await harness.connect('CP-CALLS', password);
        const failure = await charger.call('StartTransaction', start).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(RPCError);
        expect((failure as RPCError).rpcErrorCode).toBe('InternalError');
        await charger.close({});
      } finally {
        harness.stub.startTransaction = original;
      }
    });

    it('answers StopTransaction with an accepted idTagInfo only when an idTag is given', async () => {
      const charger = await harness.connect('CP-CALLS', password);
      const stop = { meterStop: 2000, timestamp: new Date(startedAt + 3_600_000).toISOString(), transactionId: 4711 };
      expect(await charger.call('StopTransaction', { ...stop, idTag: 'TAG-1' })).toEqual({
        idTagInfo: { status: 'Accepted' },
      });
      expect(await charger.call('StopTransaction', stop)).toEqual({});
      await charger.close({});
    });
  });
});
