import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  answered,
  aReadyZappi,
  aTxDefaultProfile,
  aTxProfile,
  cleared,
  confirmedEarlier,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  dispatchedClear,
  recordConnected,
  removalDesired,
  removeDesired,
  setDesired,
  SECOND,
  T0,
  TRANSACTION,
  transactionStarted,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p1 = aTxDefaultProfile();
const installedP1 = [...aReadyZappi(), ...confirmedEarlier(p1, writeId(0))];

describe('Charger profiles', () => {
  describe('when the CPO removes a confirmed profile', () => {
    it('clears it on the charger by id', () => {
      spec
        .given(installedP1)
        .when(removeDesired(1))
        .then([removalDesired(1), dispatchedClear(writeId(1), 1)]);
    });

    it.each(['Accepted', 'Unknown'] as const)('forgets it once the charger answers %s', (status) => {
      const state = spec
        .given([...installedP1, removalDesired(1), dispatchedClear(writeId(1), 1)])
        .when(answered(writeId(1), status, { now: T0 + SECOND }))
        .then([cleared(writeId(1), 1, status, T0 + SECOND)]);
      expect(state.profiles[1]).toMatchObject({ desired: null, confirmed: null });
      expect(state.inFlight).toBeNull();
    });

    it('waits for the connection while the charger is offline', () => {
      spec
        .given([...installedP1, disconnected()])
        .when(removeDesired(1), recordConnected({ writeId: writeId(2) }))
        .then([removalDesired(1), deferred([1], null), connected(), dispatchedClear(writeId(2), 1)]);
    });
  });

  describe('when the CPO removes a profile that was never confirmed', () => {
    it('records the removal and sends nothing', () => {
      spec
        .given([...aReadyZappi(), disconnected(), desired(p1), deferred([1], null)])
        .when(removeDesired(1), recordConnected())
        .then([removalDesired(1), connected()]);
    });

    it('records nothing for a profile that is not desired', () => {
      spec.given(installedP1).when(removeDesired(99)).then([]);
      spec
        .given([...installedP1, removalDesired(1), dispatchedClear(writeId(1), 1)])
        .when(removeDesired(1))
        .then([]);
    });
  });

  describe('when a new desired profile will replace the removed one', () => {
    it('sends only the new zappi TxDefaultProfile, not a clear of the old one', () => {
      const other = aTxDefaultProfile({ chargingProfileId: 2 });
      spec
        .given([...installedP1, disconnected()])
        .when(removeDesired(1), setDesired(other), recordConnected({ writeId: writeId(3) }))
        .then([removalDesired(1), deferred([1], null), desired(other), deferred([2], null), connected(), dispatched(writeId(3), other)]);
    });

    it('sends only the new version of a profile with the same id', () => {
      const p2 = withLimit(p1, 20);
      spec
        .given([...installedP1, disconnected()])
        .when(removeDesired(1), setDesired(p2), recordConnected({ writeId: writeId(3) }))
        .then([removalDesired(1), deferred([1], null), desired(p2), deferred([1], null), connected(), dispatched(writeId(3), p2)]);
    });
  });

  describe('when clears and sets are both pending', () => {
    it('sends the clear first, as it frees slots', () => {
      const tx = aTxProfile({ transactionId: TRANSACTION });
      const p2 = withLimit(p1, 20);
      spec
        .given([...installedP1, transactionStarted(), ...confirmedEarlier(tx, writeId(5)), disconnected()])
        .when(setDesired(p2), removeDesired(10), recordConnected({ writeId: writeId(3) }))
        .then([desired(p2), deferred([1], null), removalDesired(10), deferred([10, 1], null), connected(), dispatchedClear(writeId(3), 10)]);
    });
  });
});
