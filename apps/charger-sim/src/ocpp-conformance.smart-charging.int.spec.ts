import type { RPCClient } from 'ocpp-rpc';
import { controlClient } from '../test/control-client.js';
import { startRpcCsms, waitUntil, type RpcCsms } from '../test/rpc-csms.js';
import { startSimulator, type SimulatorHandle } from './start-simulator.js';

// Smart charging and configuration against the schema-strict ocpp-rpc Central System: the device model's
// answers reach the wire valid, and the audit API shows what the device stored and why.

const ZAPPI = 'ZAPPI-SC-0001';
const GENERIC = 'GENERIC-SC-0001';
const PASSWORD = 'secret-key';

const periods = (n: number) => Array.from({ length: n }, (_, i) => ({ startPeriod: i * 600, limit: 6 + (i % 10) }));
const txDefault = (id: number, n: number) => ({
  chargingProfileId: id,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: {
    duration: 86_400,
    startSchedule: '2025-01-06T00:00:00Z',
    chargingRateUnit: 'A',
    chargingSchedulePeriod: periods(n),
  },
});

interface CallEntry {
  action: string;
  memoryWrite: boolean;
  reason: string | null;
  simTime: string;
  realTime: string;
  answer: unknown;
}

describe('OCPP 1.6J conformance: smart charging and configuration', () => {
  let csms: RpcCsms;
  let zappi: SimulatorHandle;
  let cs: RPCClient;
  const api = () => controlClient(zappi.controlPort);

  beforeAll(async () => {
    csms = await startRpcCsms({ passwords: { [ZAPPI]: PASSWORD, [GENERIC]: PASSWORD }, heartbeatIntervalS: 300 });
    zappi = await startSimulator({
      url: csms.url,
      id: ZAPPI,
      password: PASSWORD,
      controlPort: 0,
      simStart: '2025-01-06T12:00:00Z',
      seed: 'smart-charging',
      logLevel: 'silent',
    });
    cs = await csms.client(ZAPPI);
    await csms.waitForCall(ZAPPI, 'BootNotification');
  });

  afterAll(async () => {
    await zappi?.stop();
    await csms?.close();
  });

  it('accepts a TxDefaultProfile, stores it and logs the call as a memory write', async () => {
    expect(await cs.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: txDefault(100, 3) })).toEqual({
      status: 'Accepted',
    });
    const stored = await api().get<Array<{ connectorId: number; chargingProfile: { chargingProfileId: number } }>>(
      `/chargers/${ZAPPI}/profiles`,
    );
    expect(stored.body.map((p) => [p.connectorId, p.chargingProfile.chargingProfileId])).toEqual([[1, 100]]);
    const calls = await api().get<CallEntry[]>(`/chargers/${ZAPPI}/calls`);
    expect(calls.body.at(-1)).toMatchObject({
      action: 'SetChargingProfile',
      memoryWrite: true,
      answer: { status: 'Accepted' },
      reason: null,
    });
    expect(calls.body.at(-1)?.simTime).toMatch(/^2025-01-06T12:0/);
    const writes = await api().get<{ count: number; maxWrites: number; writes: string[] }>(`/chargers/${ZAPPI}/writes`);
    expect(writes.body).toMatchObject({ count: 1, maxWrites: 24 });
    expect(writes.body.writes).toHaveLength(1);
  });

  it('rejects a profile whose 85 periods overflow zappi’s 84 slots, and says why', async () => {
    expect(await cs.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: txDefault(101, 85) })).toEqual({
      status: 'Rejected',
    });
    const calls = await api().get<CallEntry[]>(`/chargers/${ZAPPI}/calls`);
    expect(calls.body.at(-1)).toMatchObject({ memoryWrite: false, reason: expect.stringMatching(/^slots-exhausted/) });
  });

  it('answers GetCompositeSchedule from the stored profile, the same as the audit API', async () => {
    const answer = (await cs.call('GetCompositeSchedule', { connectorId: 1, duration: 3600 })) as Record<
      string,
      unknown
    >;
    expect(answer).toMatchObject({
      status: 'Accepted',
      connectorId: 1,
      chargingSchedule: { duration: 3600, chargingRateUnit: 'A' },
    });
    const audit = await api().get<Record<string, unknown>>(`/chargers/${ZAPPI}/composite?connectorId=1&duration=3600`);
    expect(audit.body['chargingSchedule']).toEqual(answer['chargingSchedule']);
  });

  it('clears the profile with ClearChargingProfile', async () => {
    expect(await cs.call('ClearChargingProfile', { id: 100 })).toEqual({ status: 'Accepted' });
    expect((await api().get<unknown[]>(`/chargers/${ZAPPI}/profiles`)).body).toEqual([]);
    expect(await cs.call('ClearChargingProfile', { id: 100 })).toEqual({ status: 'Unknown' });
  });

  it('reports its configuration and applies ChangeConfiguration', async () => {
    const config = (await cs.call('GetConfiguration', { key: ['CommercialMode', 'NoSuchKey'] })) as Record<
      string,
      unknown
    >;
    expect(config).toEqual({
      configurationKey: [{ key: 'CommercialMode', readonly: false, value: 'True' }],
      unknownKey: ['NoSuchKey'],
    });
    expect(await cs.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '120' })).toEqual({
      status: 'Accepted',
    });
    expect(await cs.call('ChangeConfiguration', { key: 'NumberOfConnectors', value: '2' })).toEqual({
      status: 'Rejected',
    });
    expect(await cs.call('ChangeConfiguration', { key: 'Colour', value: 'red' })).toEqual({ status: 'NotSupported' });
    const all = await api().get<{ configurationKey: Array<{ key: string; value: string }> }>(
      `/chargers/${ZAPPI}/configuration`,
    );
    expect(all.body.configurationKey.find((k) => k.key === 'HeartbeatInterval')?.value).toBe('120');
    expect((await api().get<{ heartbeatIntervalS: number }>(`/chargers/${ZAPPI}`)).body.heartbeatIntervalS).toBe(120);
  });

  it('refuses profiles while commercial mode is off, without counting a write', async () => {
    expect(await cs.call('ChangeConfiguration', { key: 'CommercialMode', value: 'false' })).toEqual({
      status: 'Accepted',
    });
    expect(await cs.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: txDefault(102, 2) })).toEqual({
      status: 'Rejected',
    });
    const calls = await api().get<CallEntry[]>(`/chargers/${ZAPPI}/calls`);
    expect(calls.body.at(-1)?.reason).toMatch(/^commercial-mode-off/);
  });

  it('answers TriggerMessage as NotSupported on zappi; a generic charger sends the triggered message', async () => {
    await expect(cs.call('TriggerMessage', { requestedMessage: 'Heartbeat' })).rejects.toMatchObject({
      rpcErrorCode: 'NotSupported',
    });
    const generic = await startSimulator({
      url: csms.url,
      id: GENERIC,
      password: PASSWORD,
      model: 'generic-ocpp16',
      logLevel: 'silent',
    });
    try {
      const client = await csms.client(GENERIC);
      await csms.waitForCall(GENERIC, 'StatusNotification', (p) => p['connectorId'] === 2);
      const mark = csms.calls.length;
      expect(await client.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 })).toEqual({
        status: 'Accepted',
      });
      const triggered = await csms.waitForCall(GENERIC, 'StatusNotification', undefined, mark);
      expect(triggered.params).toMatchObject({ connectorId: 2, status: 'Available' });
      expect(await client.call('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).toEqual({
        status: 'Accepted',
      });
      await csms.waitForCall(GENERIC, 'MeterValues', undefined, mark);
    } finally {
      await generic.stop();
    }
  });

  it('sent nothing the strict Central System refused', async () => {
    await waitUntil(() => (zappi.report().callsOut > 0 ? true : undefined));
    expect(zappi.report().rejects).toBe(0);
  });
});
