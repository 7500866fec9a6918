import { createDevice, plugIn, type DeviceState, type DeviceStep, type StopReason } from '@chargeplane/sim-device';
import { handleCsCall, type CsCallTarget, type TriggerableMessage } from './cs-call-handler.js';

const T0 = Date.parse('2025-01-06T12:00:00Z');

class FakeCharger implements CsCallTarget {
  steps: DeviceStep[] = [];
  reboots: StopReason[] = [];
  triggers: Array<[TriggerableMessage, number | undefined]> = [];
  persisted = 0;
  changedKeys: string[] = [];
  constructor(public state: DeviceState) {}
  context() {
    return { now: T0, random: () => 0 };
  }
  commit(next: DeviceState, persist: boolean) {
    this.state = next;
    if (persist) this.persisted++;
  }
  applyStep(step: DeviceStep) {
    this.state = step.state;
    this.steps.push(step);
  }
  tick() {}
  configurationChanged(key: string) {
    this.changedKeys.push(key);
  }
  reboot(reason: StopReason) {
    this.reboots.push(reason);
  }
  trigger(message: TriggerableMessage, connectorId: number | undefined) {
    this.triggers.push([message, connectorId]);
  }
}

const zappi = () => new FakeCharger(createDevice({ model: 'zappi' }, T0));
const generic = () => new FakeCharger(createDevice({ model: 'generic-ocpp16' }, T0));
const withCar = (charger: FakeCharger) => {
  charger.state = plugIn(charger.state, 1, { maxPowerW: 7000, idTag: 'VT1' }, T0).state;
  charger.state = { ...charger.state, connectors: charger.state.connectors.map((c) => ({ ...c, transaction: null })) };
  return charger;
};
const profile = {
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    chargingRateUnit: 'A',
    startSchedule: '2025-01-06T11:00:00Z',
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
  },
};

describe('CS calls', () => {
  describe('when the payload breaks its schema', () => {
    it('answers with the OCPP-J CALLERROR and leaves the device alone', () => {
      const charger = zappi();
      const before = charger.state;
      const outcome = handleCsCall(charger, 'SetChargingProfile', { connectorId: 1 });
      expect(outcome.response).toMatchObject({ ok: false, code: 'OccurenceConstraintViolation' });
      expect(charger.state).toBe(before);
    });
  });

  describe('device calls', () => {
    it('stores an accepted profile as a memory write and persists it', () => {
      const charger = zappi();
      const outcome = handleCsCall(charger, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile });
      expect(outcome).toMatchObject({ response: { ok: true, payload: { status: 'Accepted' } }, memoryWrite: true });
      expect(charger.state.profiles).toHaveLength(1);
      expect(charger.persisted).toBe(1);
    });

    it('says why the device refused (85 periods do not fit zappi’s 84 slots)', () => {
      const periods = Array.from({ length: 85 }, (_, i) => ({ startPeriod: i * 60, limit: 16 }));
      const big = { ...profile, chargingSchedule: { ...profile.chargingSchedule, chargingSchedulePeriod: periods } };
      const outcome = handleCsCall(zappi(), 'SetChargingProfile', { connectorId: 1, csChargingProfiles: big });
      expect(outcome.response).toEqual({ ok: true, payload: { status: 'Rejected' } });
      expect(outcome.reason).toMatch(/^slots-exhausted/);
      expect(outcome.memoryWrite).toBe(false);
    });

    it('tells the charger a configuration key changed once the answer is out', () => {
      const charger = zappi();
      const outcome = handleCsCall(charger, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' });
      expect(charger.changedKeys).toEqual([]);
      outcome.after?.();
      expect(charger.changedKeys).toEqual(['HeartbeatInterval']);
    });
  });

  describe('core calls the app answers', () => {
    it('rejects RemoteStartTransaction when no car is plugged in', () => {
      const outcome = handleCsCall(zappi(), 'RemoteStartTransaction', { idTag: 'REMOTE' });
      expect(outcome.response).toEqual({ ok: true, payload: { status: 'Rejected' } });
    });

    it('starts a transaction with the remote idTag for a plugged-in car', () => {
      const charger = withCar(zappi());
      const outcome = handleCsCall(charger, 'RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE' });
      expect(outcome.response).toEqual({ ok: true, payload: { status: 'Accepted' } });
      outcome.after?.();
      const actions = charger.steps[0]?.outbound.map((o) => o.action);
      expect(actions).toEqual(['StatusNotification', 'StartTransaction']);
      expect(charger.state.connectors[0]?.transaction?.idTag).toBe('REMOTE');
    });

    it('rejects RemoteStopTransaction for a transaction it does not run', () => {
      const outcome = handleCsCall(zappi(), 'RemoteStopTransaction', { transactionId: 99 });
      expect(outcome.response).toEqual({ ok: true, payload: { status: 'Rejected' } });
    });

    it('unlocks an existing connector and refuses an unknown one', () => {
      expect(handleCsCall(zappi(), 'UnlockConnector', { connectorId: 1 }).response).toEqual({
        ok: true,
        payload: { status: 'Unlocked' },
      });
      expect(handleCsCall(zappi(), 'UnlockConnector', { connectorId: 3 }).response).toEqual({
        ok: true,
        payload: { status: 'NotSupported' },
      });
    });

    it('accepts a Reset and reboots only after answering', () => {
      const charger = zappi();
      const outcome = handleCsCall(charger, 'Reset', { type: 'Hard' });
      expect(outcome.response).toEqual({ ok: true, payload: { status: 'Accepted' } });
      expect(charger.reboots).toEqual([]);
      outcome.after?.();
      expect(charger.reboots).toEqual(['HardReset']);
    });

    it('answers TriggerMessage on a generic charger, then sends the message', () => {
      const charger = generic();
      const outcome = handleCsCall(charger, 'TriggerMessage', {
        requestedMessage: 'StatusNotification',
        connectorId: 2,
      });
      expect(outcome.response).toEqual({ ok: true, payload: { status: 'Accepted' } });
      outcome.after?.();
      expect(charger.triggers).toEqual([['StatusNotification', 2]]);
    });

    it('refuses TriggerMessage on zappi, which has no RemoteTrigger profile', () => {
      const outcome = handleCsCall(zappi(), 'TriggerMessage', { requestedMessage: 'Heartbeat' });
      expect(outcome.response).toMatchObject({ ok: false, code: 'NotSupported' });
    });

    it('answers NotImplemented for calls the simulator does not model', () => {
      const outcome = handleCsCall(zappi(), 'ChangeAvailability', { connectorId: 0, type: 'Inoperative' });
      expect(outcome.response).toMatchObject({ ok: false, code: 'NotImplemented' });
    });
  });
});
