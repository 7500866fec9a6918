import { IllegalStateError, NotFoundError } from '@chargeplane/contracts-api';
import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  aReadyZappi,
  aTxDefaultProfile,
  aZappiRegistered,
  booted,
  configured,
  connected,
  CONNECTION,
  desired,
  disconnected,
  dispatched,
  recordBoot,
  recordConfiguration,
  recordConnected,
  recordDisconnected,
  reconcile,
  registerZappi,
  setDesired,
  T0,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

describe('Charger profiles', () => {
  describe('when the charger is not registered', () => {
    it('registers it with its tenant, model and credentials', () => {
      const state = spec.given([]).when(registerZappi()).then([aZappiRegistered()]);
      expect(state).toMatchObject({ registered: true, tenantId: 'tenant-1', model: 'zappi', jurisdiction: 'GB', connected: false });
    });

    it.each([
      ['SetDesiredProfile', setDesired(aTxDefaultProfile())],
      ['RecordConnected', recordConnected()],
      ['RecordBoot', recordBoot('5.5')],
      ['Reconcile', reconcile()],
    ])('refuses %s as not found', (_name, command) => {
      spec.given([]).when(command).thenThrows(NotFoundError);
    });
  });

  describe('when the charger is already registered', () => {
    it('refuses a second registration as an illegal state', () => {
      spec.given([aZappiRegistered()]).when(registerZappi()).thenThrows(IllegalStateError);
    });
  });

  describe('when the charger reports facts', () => {
    it('records boot, configuration and connection', () => {
      const state = spec
        .given([aZappiRegistered()])
        .when(recordBoot('5.5'), recordConfiguration({ CommercialMode: 'True' }), recordConnected())
        .then([booted('5.5'), configured({ CommercialMode: 'True' }), connected()]);
      expect(state).toMatchObject({ firmwareVersion: '5.5', configuration: { CommercialMode: 'True' }, connected: true, connectionId: CONNECTION });
    });

    it('records a disconnect of the current connection', () => {
      const state = spec.given(aReadyZappi()).when(recordDisconnected()).then([disconnected()]);
      expect(state.connected).toBe(false);
    });

    it('ignores the late close of an older connection', () => {
      spec
        .given([...aReadyZappi(), connected('conn-2')])
        .when(recordDisconnected({ connectionId: CONNECTION }))
        .then([]);
    });

    it('ignores a disconnect while already offline', () => {
      spec
        .given([...aReadyZappi(), disconnected()])
        .when(recordDisconnected())
        .then([]);
    });
  });

  describe('when a write is outstanding and the charger reconnects', () => {
    it('sends nothing new until the outstanding write is answered', () => {
      const profile = aTxDefaultProfile();
      spec
        .given([...aReadyZappi(), desired(profile), dispatched(writeId(1), profile), disconnected()])
        .when(recordConnected({ now: T0 + 1000, writeId: writeId(2) }))
        .then([connected(CONNECTION, T0 + 1000)]);
    });
  });
});
