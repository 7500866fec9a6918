import type { RPCClient } from 'ocpp-rpc';
import { controlClient } from '../test/control-client.js';
import { startRpcCsms, waitUntil, type RpcCsms } from '../test/rpc-csms.js';
import { startSimulator, type SimulatorHandle } from './start-simulator.js';

// The simulator against an independent, schema-strict Central System (ocpp-rpc): connection, boot,
// heartbeats and a whole charging session, every message validated both ways.

const ID = 'ZAPPI-CONF-0001';
const PASSWORD = 'correct horse battery';

describe('OCPP 1.6J conformance: connection and session', () => {
  let csms: RpcCsms;
  let sim: SimulatorHandle;
  let cs: RPCClient;
  const api = () => controlClient(sim.controlPort);

  beforeAll(async () => {
    csms = await startRpcCsms({ passwords: { [ID]: PASSWORD }, heartbeatIntervalS: 60 });
    // 60× clock: the 60 s heartbeat and meter sample intervals come every real second.
    sim = await startSimulator({
      url: csms.url,
      id: ID,
      password: PASSWORD,
      controlPort: 0,
      clockSpeed: 60,
      seed: 'conformance',
      logLevel: 'silent',
    });
    cs = await csms.client(ID);
  });

  afterAll(async () => {
    await sim?.stop();
    await csms?.close();
  });

  it('authenticates with HTTP Basic (identity as user name) and boots as a zappi', async () => {
    const boot = await csms.waitForCall(ID, 'BootNotification');
    expect(boot.params).toEqual({ chargePointVendor: 'myenergi', chargePointModel: 'zappi', firmwareVersion: '5.5.1' });
    expect(csms.refused).toEqual([]);
    expect(cs.protocol).toBe('ocpp1.6');
  });

  it('reports its connector after the boot', async () => {
    const status = await csms.waitForCall(ID, 'StatusNotification');
    expect(status.params).toMatchObject({ connectorId: 1, errorCode: 'NoError', status: 'Available' });
  });

  it('sends Heartbeats at the interval the boot answer gave, on the simulated clock', async () => {
    const heartbeats = () => csms.calls.filter((c) => c.method === 'Heartbeat').length;
    const before = heartbeats();
    await waitUntil(() => (heartbeats() >= before + 2 ? true : undefined), 5000);
  });

  it('runs a session: plug-in → Authorize → StartTransaction → MeterValues → unplug → StopTransaction', async () => {
    const plugged = await api().post(`/chargers/${ID}/plug-in`, { maxPowerW: 3680 });
    expect(plugged.status).toBe(202);
    const authorize = await csms.waitForCall(ID, 'Authorize');
    const start = await csms.waitForCall(ID, 'StartTransaction');
    expect(start.params).toMatchObject({ connectorId: 1, idTag: authorize.params['idTag'], meterStart: 0 });
    await csms.waitForCall(ID, 'StatusNotification', (p) => p['status'] === 'Charging');

    const meter = await csms.waitForCall(ID, 'MeterValues');
    const samples = (meter.params['meterValue'] as Array<{ sampledValue: Array<Record<string, string>> }>)[0]
      ?.sampledValue;
    const power = samples?.find((s) => s['measurand'] === 'Power.Active.Import');
    // No profile: the composite is the hardware maximum (7360 W), so the car's own 3680 W is what flows.
    expect(power).toMatchObject({ value: '3680', unit: 'W' });
    expect(meter.params['transactionId']).toBeGreaterThanOrEqual(1000);

    expect((await api().post(`/chargers/${ID}/unplug`)).status).toBe(202);
    const stop = await csms.waitForCall(ID, 'StopTransaction');
    expect(stop.params).toMatchObject({ transactionId: meter.params['transactionId'], reason: 'EVDisconnected' });
    expect(stop.params['meterStop']).toBeGreaterThan(0);
    await csms.waitForCall(
      ID,
      'StatusNotification',
      (p) => p['status'] === 'Available' && p['timestamp'] !== undefined,
    );
  });

  it('stops a transaction on RemoteStopTransaction and starts one on RemoteStartTransaction', async () => {
    const mark = csms.calls.length;
    await api().post(`/chargers/${ID}/plug-in`, {});
    await csms.waitForCall(ID, 'StartTransaction', undefined, mark);
    const transactionId = await waitUntil(async () => {
      const summary = await api().get<{ connectors: Array<{ transactionId: number | null }> }>(`/chargers/${ID}`);
      return summary.body.connectors[0]?.transactionId ?? undefined;
    });

    expect(await cs.call('RemoteStopTransaction', { transactionId })).toEqual({ status: 'Accepted' });
    await csms.waitForCall(
      ID,
      'StopTransaction',
      (p) => p['transactionId'] === transactionId && p['reason'] === 'Remote',
    );

    expect(await cs.call('RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE-TAG' })).toEqual({
      status: 'Accepted',
    });
    await csms.waitForCall(ID, 'StartTransaction', (p) => p['idTag'] === 'REMOTE-TAG');

    const unlocked = await cs.call('UnlockConnector', { connectorId: 1 });
    expect(unlocked).toEqual({ status: 'Unlocked' });
    await csms.waitForCall(ID, 'StopTransaction', (p) => p['reason'] === 'UnlockCommand');
    await api().post(`/chargers/${ID}/unplug`);
  });

  it('rejects RemoteStartTransaction when no car is plugged in', async () => {
    await waitUntil(async () =>
      (await api().get<{ connectors: Array<{ car: unknown }> }>(`/chargers/${ID}`)).body.connectors[0]?.car === null
        ? true
        : undefined,
    );
    expect(await cs.call('RemoteStartTransaction', { idTag: 'REMOTE-TAG' })).toEqual({ status: 'Rejected' });
  });

  it('accepts a Reset, reconnects and boots again', async () => {
    const boots = () => csms.calls.filter((c) => c.method === 'BootNotification').length;
    const before = boots();
    expect(await cs.call('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await waitUntil(() => (boots() > before ? true : undefined));
    cs = await csms.client(ID);
  });

  it('answers NotImplemented for a call it does not model, and every message was schema-valid', async () => {
    await expect(cs.call('ClearCache', {})).rejects.toMatchObject({ rpcErrorCode: 'NotImplemented' });
    expect(sim.report().rejects).toBe(0);
  });

  it('is refused at the upgrade with a wrong password, and keeps trying with back-off', async () => {
    const intruder = await startSimulator({
      url: csms.url,
      id: 'ZAPPI-CONF-0002',
      password: 'wrong',
      logLevel: 'silent',
    });
    try {
      await waitUntil(() => csms.refused.find((r) => r.identity === 'ZAPPI-CONF-0002'));
      await waitUntil(() => (intruder.report().rejects >= 1 ? true : undefined));
      expect(intruder.report().everBooted).toBe(0);
      expect(csms.calls.some((c) => c.identity === 'ZAPPI-CONF-0002')).toBe(false);
    } finally {
      await intruder.stop();
    }
  });
});
