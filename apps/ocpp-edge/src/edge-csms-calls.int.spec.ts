import { RequestError } from '@chargeplane/platform-messaging';
import { eventually, provideInfra, utcMidnight, type TestInfra } from '@chargeplane/platform-testing';
import { createRPCError, type IHandlersOption } from 'ocpp-rpc';
import { EdgeHarness } from '../test/edge-harness.js';

const TIMEOUT_MS = 800;

const setChargingProfile = {
  connectorId: 0,
  csChargingProfiles: {
    chargingProfileId: 100,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: {
      duration: 86400,
      startSchedule: utcMidnight(-1),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 0 },
        { startPeriod: 2012, limit: 16.7 },
      ],
    },
  },
};

const never = (): Promise<Record<string, unknown>> => new Promise(() => undefined);

describe('ocpp-edge: calls to chargers through cp.{chargerId}.call', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let password: string;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra, { OCPP_CALL_TIMEOUT_MS: TIMEOUT_MS, MAX_QUEUED_CALLS: 1 });
    password = await harness.register('CP-CSMS');
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  it('delivers GetConfiguration to the charger and replies with its CALLRESULT', async () => {
    const charger = await harness.connect('CP-CSMS', password);
    const received: IHandlersOption[] = [];
    charger.handle('GetConfiguration', async (call) => {
      received.push(call);
      return { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] };
    });
    const reply = await harness.call('CP-CSMS', 'GetConfiguration', { key: ['HeartbeatInterval'] });
    expect(reply).toEqual({
      kind: 'result',
      payload: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] },
      messageId: received[0]?.messageId,
    });
    expect(received[0]?.params).toEqual({ key: ['HeartbeatInterval'] });
    await charger.close({});
  });

  it('delivers SetChargingProfile unchanged, zeros and one-decimal limits included', async () => {
    const charger = await harness.connect('CP-CSMS', password);
    let params: unknown;
    charger.handle('SetChargingProfile', async (call) => {
      params = call.params;
      return { status: 'Accepted' };
    });
    const reply = await harness.call('CP-CSMS', 'SetChargingProfile', setChargingProfile);
    expect(reply).toMatchObject({ kind: 'result', payload: { status: 'Accepted' } });
    expect(params).toEqual(setChargingProfile);
    await charger.close({});
  });

  it('replies call-error with the charger CALLERROR', async () => {
    const charger = await harness.connect('CP-CSMS', password);
    charger.handle('SetChargingProfile', async () => {
      throw createRPCError('NotSupported', 'smart charging is off');
    });
    const reply = await harness.call('CP-CSMS', 'SetChargingProfile', setChargingProfile);
    expect(reply).toMatchObject({ kind: 'call-error', code: 'NotSupported', description: 'smart charging is off' });
    await charger.close({});
  });

  it('replies timeout when the charger does not answer in time, sends the next call, records the late answer', async () => {
    const charger = await harness.connect('CP-CSMS', password);
    charger.handle('GetConfiguration', async () => {
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 300));
      return { configurationKey: [] };
    });
    charger.handle('ClearCache', async () => ({ status: 'Accepted' }));
    const started = Date.now();
    // The requester's timeout (the charger model's) governs how long the edge waits for this call.
    const reply = await harness.call('CP-CSMS', 'GetConfiguration', {}, TIMEOUT_MS);
    expect(reply).toEqual({ kind: 'timeout', messageId: expect.any(String) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(await harness.call('CP-CSMS', 'ClearCache', {})).toMatchObject({ kind: 'result' });
    const late = await eventually(async () =>
      (await harness.facts('CP-CSMS')).find(
        (f) => f.action === 'CallResult' && f.context.messageId === (reply.kind === 'timeout' ? reply.messageId : ''),
      ),
    );
    expect(late).toMatchObject({
      request: { action: 'GetConfiguration', payload: {}, late: true },
      response: { configurationKey: [] },
    });
    await charger.close({});
  });

  it('keeps one call outstanding at a time and refuses calls beyond the queue', async () => {
    const charger = await harness.connect('CP-CSMS', password);
    let inFlight = 0;
    let most = 0;
    charger.handle('ClearCache', async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inFlight -= 1;
      return { status: 'Accepted' };
    });
    const replies = await Promise.all([0, 1, 2].map(() => harness.call('CP-CSMS', 'ClearCache', {})));
    expect(most).toBe(1);
    expect(replies.map((r) => r.kind).sort()).toEqual(['refused', 'result', 'result']);
    expect(replies.find((r) => r.kind === 'refused')).toMatchObject({ reason: expect.stringContaining('queued') });
    await charger.close({});
  });

  it('refuses a call that is not valid OCPP 1.6 without sending it', async () => {
    const charger = await harness.connect('CP-CSMS', password);
    let sent = false;
    charger.handle(async () => {
      sent = true;
      return {};
    });
    const profile = { ...setChargingProfile.csChargingProfiles, chargingProfilePurpose: 'Everything' };
    expect(
      await harness.call('CP-CSMS', 'SetChargingProfile', { ...setChargingProfile, csChargingProfiles: profile }),
    ).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('PropertyConstraintViolation'),
    });
    expect(await harness.call('CP-CSMS', 'BootNotification', {})).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('NotImplemented'),
    });
    expect(sent).toBe(false);
    await charger.close({});
  });

  it('answers timeout (outcome unknown) to a call in flight when the charger goes, and then nobody answers at all', async () => {
    const charger = await harness.connect('CP-CSMS', password);
    charger.handle('GetConfiguration', never);
    const pending = harness.call('CP-CSMS', 'GetConfiguration', {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    await charger.close({ force: true });
    // It had reached the charger: whether it was applied is unknown, so it is not reported as `offline`.
    expect(await pending).toEqual({ kind: 'timeout', messageId: expect.any(String) });
    const afterwards = await harness.call('CP-CSMS', 'GetConfiguration', {}).catch((error: unknown) => error);
    expect(afterwards).toBeInstanceOf(RequestError);
    expect((afterwards as RequestError).code).toBe('UNAVAILABLE');
  });
});
