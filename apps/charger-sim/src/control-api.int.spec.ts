import { controlClient } from '../test/control-client.js';
import { startMinimalCsms, type MinimalCsms } from '../test/minimal-csms.js';
import { waitUntil } from '../test/rpc-csms.js';
import { startSimulator, type SimulatorHandle } from './start-simulator.js';

// The control/audit API's contract: bodies and queries parsed with zod, `{ code, message }` errors, and
// actions that drive the charger's connection and connector.

describe('Control API', () => {
  let csms: MinimalCsms;
  let sim: SimulatorHandle;
  const api = () => controlClient(sim.controlPort);
  const ids = ['CTRL-0001', 'CTRL-0002'];

  beforeAll(async () => {
    csms = await startMinimalCsms({ heartbeatIntervalS: 300 });
    sim = await startSimulator({
      url: csms.url,
      count: 2,
      idPrefix: 'CTRL-',
      controlPort: 0,
      rebootDelayMs: 50,
      summaryEvery: 0,
      logLevel: 'silent',
    });
    await waitUntil(() => (sim.report().booted === 2 ? true : undefined));
  });

  afterAll(async () => {
    await sim.stop();
    await csms.close();
  });

  it('lists the chargers with their connection state', async () => {
    expect((await api().get('/chargers')).body).toEqual(ids.map((id) => ({ id, connected: true })));
  });

  it('answers 404 with { code, message } for an unknown charger or route', async () => {
    expect(await api().get('/chargers/NOPE')).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: 'no charger NOPE' },
    });
    expect((await api().get('/chargers/CTRL-0001/nothing')).status).toBe(404);
    expect((await api().post('/chargers/CTRL-0001/explode')).status).toBe(404);
    expect((await api().get('/elsewhere')).status).toBe(404);
  });

  it('answers 400 for a body or query that does not parse', async () => {
    const badType = await api().post('/chargers/CTRL-0001/plug-in', { connectorId: 'one' });
    expect(badType.status).toBe(400);
    expect(badType.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/connectorId/) });
    expect((await api().post('/chargers/CTRL-0001/plug-in', '{not json')).status).toBe(400);
    expect((await api().post('/chargers/CTRL-0001/plug-in', { colour: 'red' })).status).toBe(400);
    expect((await api().post('/chargers/CTRL-0001/plug-in', { connectorId: 9 })).status).toBe(400);
    expect((await api().get('/chargers/CTRL-0001/composite?duration=-5')).status).toBe(400);
  });

  it('answers 409 for a second car on the same connector, or an unplug without a car', async () => {
    expect((await api().post('/chargers/CTRL-0002/unplug')).body).toMatchObject({ code: 'ILLEGAL_STATE' });
    expect((await api().post('/chargers/CTRL-0002/plug-in', { idTag: 'TAG-2' })).status).toBe(202);
    expect((await api().post('/chargers/CTRL-0002/plug-in')).status).toBe(409);
    await waitUntil(() => (csms.count('StartTransaction') === 1 ? true : undefined));
    expect((await api().post('/chargers/CTRL-0002/unplug')).status).toBe(202);
  });

  it('summarises a charger’s state', async () => {
    const summary = await api().get('/chargers/CTRL-0001');
    expect(summary.body).toMatchObject({
      id: 'CTRL-0001',
      connected: true,
      booted: true,
      model: 'zappi',
      slotLimit: 84,
      connectors: [{ connectorId: 1, status: 'Available', car: null, powerW: 0 }],
    });
  });

  it('takes a charger offline and back online', async () => {
    expect((await api().post('/chargers/CTRL-0001/offline')).status).toBe(202);
    await waitUntil(() => (csms.sockets().has('CTRL-0001') ? undefined : true));
    expect((await api().get('/chargers/CTRL-0001')).body).toMatchObject({ connected: false, online: false });
    expect((await api().post('/chargers/CTRL-0001/online')).status).toBe(202);
    await waitUntil(async () => ((await api().get('/chargers/CTRL-0001')).body['booted'] === true ? true : undefined));
  });

  it('answers a schema-invalid CS call with the OCPP-J CALLERROR and logs it', async () => {
    const answer = await csms.send('CTRL-0001', [2, 'bad-1', 'SetChargingProfile', { connectorId: 1 }]);
    expect(answer).toEqual([
      4,
      'bad-1',
      'OccurenceConstraintViolation',
      expect.stringMatching(/csChargingProfiles/),
      {},
    ]);
    const unknown = await csms.send('CTRL-0001', [2, 'bad-2', 'Teleport', {}]);
    expect(unknown.slice(0, 3)).toEqual([4, 'bad-2', 'NotImplemented']);
    const malformed = await csms.send('CTRL-0001', [2, 'bad-3', 'Reset']);
    expect(malformed.slice(0, 3)).toEqual([4, 'bad-3', 'FormationViolation']);
    const calls = await api().get<Array<{ action: string; answer: unknown }>>('/chargers/CTRL-0001/calls');
    expect(calls.body.map((c) => c.action)).toEqual(['SetChargingProfile', 'Teleport']);
    expect(calls.body[0]?.answer).toMatchObject({ callError: 'OccurenceConstraintViolation' });
  });

  it('leaves the next CS calls of an action unanswered when told to, then answers again', async () => {
    expect((await api().post('/chargers/CTRL-0002/leave-unanswered', { action: 'GetConfiguration' })).status).toBe(202);
    const silent = csms.send('CTRL-0002', [2, 'cfg-1', 'GetConfiguration', { key: ['CommercialMode'] }]);
    const outcome = await Promise.race([silent, new Promise((r) => setTimeout(() => r('no answer'), 500))]);
    expect(outcome).toBe('no answer');
    const answered = await csms.send('CTRL-0002', [2, 'cfg-2', 'GetConfiguration', { key: ['CommercialMode'] }]);
    expect(answered.slice(0, 2)).toEqual([3, 'cfg-2']);
    const calls = await api().get<Array<{ action: string; reason: string | null }>>('/chargers/CTRL-0002/calls');
    expect(calls.body.filter((c) => c.action === 'GetConfiguration').map((c) => c.reason)).toEqual([
      'left unanswered (control API)',
      null,
    ]);
    expect((await api().post('/chargers/CTRL-0002/leave-unanswered', { count: 1 })).status).toBe(400);
  });
});
