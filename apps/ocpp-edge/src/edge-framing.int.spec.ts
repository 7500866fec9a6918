import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';
import { basic, openRaw, type RawCharger } from '../test/raw-charger.js';

const MAX_FRAME_BYTES = 2_048;
const heartbeat = (id: string) => JSON.stringify([2, id, 'Heartbeat', {}]);

describe('ocpp-edge: OCPP-J framing', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let password: string;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra, {
      MAX_FRAME_BYTES,
      BAD_FRAMES_PER_MINUTE: 5,
      CHARGER_CALL_BURST: 20,
      CHARGER_CALLS_PER_SECOND: 2,
    });
    password = await harness.register('CP-FRAME');
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  /** A raw charger the edge is ready for (one Heartbeat answered). */
  async function charger(): Promise<RawCharger> {
    const raw = await openRaw(`${harness.url}/CP-FRAME`, basic('CP-FRAME', password));
    raw.send(heartbeat('ready'));
    expect(await raw.next()).toMatchObject([3, 'ready', { currentTime: expect.any(String) }]);
    return raw;
  }

  it('drops a frame that is not JSON and keeps serving the connection', async () => {
    const raw = await charger();
    raw.send('[2, "m1", "Heartbeat", {');
    raw.send(heartbeat('m2'));
    expect(await raw.next()).toMatchObject([3, 'm2', {}]);
    raw.close();
  });

  it('answers an unknown action with NotImplemented', async () => {
    const raw = await charger();
    raw.send(JSON.stringify([2, 'm1', 'Foo', {}]));
    expect(await raw.next()).toEqual([4, 'm1', 'NotImplemented', expect.stringContaining('Foo'), {}]);
    raw.close();
  });

  it('answers a schema-invalid payload with the OCPP-J code naming the field', async () => {
    const raw = await charger();
    raw.send(JSON.stringify([2, 'm1', 'BootNotification', { chargePointVendor: 'v' }]));
    expect(await raw.next()).toEqual([
      4,
      'm1',
      'OccurenceConstraintViolation',
      'chargePointModel: required property missing',
      {},
    ]);
    raw.send(JSON.stringify([2, 'm2', 'Heartbeat', null]));
    expect(await raw.next()).toEqual([4, 'm2', 'FormationViolation', expect.stringContaining('payload'), {}]);
    raw.close();
  });

  it('does not answer a CALL whose id is longer than 36 characters (it cannot be echoed)', async () => {
    const raw = await charger();
    raw.send(heartbeat('x'.repeat(37)));
    raw.send(heartbeat('y'.repeat(36)));
    expect(await raw.next()).toMatchObject([3, 'y'.repeat(36), {}]);
    expect(await raw.next(300)).toBeUndefined();
    raw.close();
  });

  it('ignores unknown message types, binary frames and results for calls it never made', async () => {
    const raw = await charger();
    raw.send(JSON.stringify([7, 'm1', {}]));
    raw.send(Buffer.from([2, 0, 1]));
    raw.send(JSON.stringify([3, 'never-sent', {}]));
    raw.send(heartbeat('m2'));
    expect(await raw.next()).toMatchObject([3, 'm2', {}]);
    expect(raw.isOpen).toBe(true);
    raw.close();
  });

  it('closes with 1009 on a frame larger than MAX_FRAME_BYTES', async () => {
    const raw = await charger();
    raw.send(JSON.stringify([2, 'big', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(MAX_FRAME_BYTES) }]));
    expect(await raw.closed).toMatchObject({ code: 1009 });
  });

  it('closes with 1008 once the budget of bad frames is spent', async () => {
    const raw = await charger();
    for (let i = 0; i < 6; i += 1) raw.send('not json');
    expect(await raw.closed).toEqual({ code: 1008, reason: 'too many invalid frames' });
  });

  it('closes with 1008 when the charger exceeds its CALL rate', async () => {
    const raw = await charger();
    for (let i = 0; i < 25; i += 1) raw.send(heartbeat(`flood-${i}`));
    expect(await raw.closed).toEqual({ code: 1008, reason: 'too many calls' });
  });
});
