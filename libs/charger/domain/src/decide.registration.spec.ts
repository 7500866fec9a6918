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
  readyZappiConfiguration,
  recordBoot,
  recordConfiguration,
  recordConnected,
  recordDisconnected,
  recordReadyConfiguration,
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
      expect(state).toMatchObject({
        registered: true,
        tenantId: 'tenant-1',
        model: 'zappi',
        jurisdiction: 'GB',
        connected: false,
      });
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
    it('records connection, boot and configuration', () => {
      const state = spec
        .given([aZappiRegistered()])
        .when(recordConnected(), recordBoot('5.5'), recordConfiguration({ CommercialMode: 'True' }))
        .then([connected(), booted('5.5'), configured({ CommercialMode: 'True' })]);
      expect(state).toMatchObject({
        firmwareVersion: '5.5',
        configuration: { CommercialMode: 'True' },
        connected: true,
        connectionId: CONNECTION,
        configurationCurrent: true,
      });
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

  describe('when the fact of a connection arrives twice', () => {
    it('records nothing for the connection already recorded, and keeps its configuration current', () => {
      const given = spec.given(aReadyZappi());
      const state = given.when(recordConnected({ now: T0 + 1000 })).then([]);
      expect(state).toEqual(given.state);
      expect(state.configurationCurrent).toBe(true);
    });

    it('records a new connection of a connected charger (it reconnected before the close arrived)', () => {
      spec
        .given(aReadyZappi())
        .when(recordConnected({ now: T0 + 1000, connectionId: 'conn-2' }))
        .then([connected('conn-2', T0 + 1000)]);
    });

    it('records the same connection id again once the charger was disconnected', () => {
      spec
        .given([...aReadyZappi(), disconnected()])
        .when(recordConnected({ now: T0 + 1000 }))
        .then([connected(CONNECTION, T0 + 1000)]);
    });
  });

  describe('when a write is outstanding and the charger reconnects', () => {
    it('sends nothing new until the outstanding write is answered, even with its configuration read', () => {
      const profile = aTxDefaultProfile();
      spec
        .given([...aReadyZappi(), desired(profile), dispatched(writeId(1), profile), disconnected()])
        .when(
          recordConnected({ now: T0 + 1000, writeId: writeId(2) }),
          recordReadyConfiguration({ now: T0 + 2000, writeId: writeId(3) }),
        )
        .then([connected(CONNECTION, T0 + 1000), readyZappiConfiguration(T0 + 2000)]);
    });
  });
});
