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
  MINUTE,
  outcome,
  readyZappiConfiguration,
  reconcile,
  recordConnected,
  recordReadyConfiguration,
  removalDesired,
  removeDesired,
  setDesired,
  SECOND,
  T0,
  timedOut,
  TRANSACTION,
  transactionStarted,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p1 = aTxDefaultProfile();
const installedP1 = [...aReadyZappi(), ...confirmedEarlier(p1, writeId(0))];
/** The charger comes back: connection, then the configuration read that lets writes go out. */
const back = (id: number) => [recordConnected(), recordReadyConfiguration({ writeId: writeId(id) })] as const;
const isBack = [connected(), readyZappiConfiguration()];

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
      expect(state.profiles[1]).toBeUndefined(); // nothing left to say: the ledger drops the record (L15)
      expect(state.inFlight).toBeNull();
    });

    it('waits for the connection while the charger is offline', () => {
      spec
        .given([...installedP1, disconnected()])
        .when(removeDesired(1), ...back(2))
        .then([removalDesired(1), deferred([1], null), ...isBack, dispatchedClear(writeId(2), 1)]);
    });
  });

  describe('when the CPO removes a profile that was never confirmed', () => {
    it('records the removal and sends nothing', () => {
      spec
        .given([...aReadyZappi(), disconnected(), desired(p1), deferred([1], null)])
        .when(removeDesired(1), ...back(2))
        .then([removalDesired(1), ...isBack]);
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
        .when(removeDesired(1), setDesired(other), ...back(3))
        .then([
          removalDesired(1),
          deferred([1], null),
          desired(other),
          deferred([2], null),
          ...isBack,
          dispatched(writeId(3), other),
        ]);
    });

    it('sends only the new version of a profile with the same id', () => {
      const p2 = withLimit(p1, 20);
      spec
        .given([...installedP1, disconnected()])
        .when(removeDesired(1), setDesired(p2), ...back(3))
        .then([
          removalDesired(1),
          deferred([1], null),
          desired(p2),
          deferred([1], null),
          ...isBack,
          dispatched(writeId(3), p2),
        ]);
    });
  });

  describe('when clears and sets are both pending', () => {
    it('sends the clear first, as it frees slots', () => {
      const tx = aTxProfile({ transactionId: TRANSACTION });
      const p2 = withLimit(p1, 20);
      spec
        .given([...installedP1, transactionStarted(), ...confirmedEarlier(tx, writeId(5)), disconnected()])
        .when(setDesired(p2), removeDesired(10), ...back(3))
        .then([
          desired(p2),
          deferred([1], null),
          removalDesired(10),
          deferred([10, 1], null),
          ...isBack,
          dispatchedClear(writeId(3), 10),
        ]);
    });
  });

  describe('when the CPO removes a profile whose first write timed out', () => {
    // p1 was never confirmed; its write timed out, so the charger may or may not hold it.
    const unknownWhileOffline = [
      ...aReadyZappi(),
      desired(p1),
      dispatched(writeId(1), p1),
      disconnected(undefined, T0 + SECOND),
      timedOut(writeId(1), 1, T0 + MINUTE),
    ];

    it('clears it by id once the charger is back, as the charger may hold it', () => {
      const state = spec
        .given(unknownWhileOffline)
        .when(removeDesired(1), ...back(2), answered(writeId(2), 'Accepted'))
        .then([
          removalDesired(1),
          deferred([1], null),
          ...isBack,
          dispatchedClear(writeId(2), 1),
          cleared(writeId(2), 1),
        ]);
      expect(state.profiles[1]).toBeUndefined(); // nothing left to say: the ledger drops the record (L15)
    });

    it('clears it when the removal came while the write was being sent again and that one timed out too', () => {
      const resend = T0 + MINUTE;
      spec
        .given([
          ...aReadyZappi(),
          desired(p1),
          dispatched(writeId(1), p1),
          timedOut(writeId(1), 1, resend),
          dispatched(writeId(2), p1, resend),
        ])
        .when(
          removeDesired(1, { now: resend + SECOND }),
          outcome(writeId(2), { kind: 'timeout' }, { now: resend + 2 * MINUTE, writeId: writeId(3) }),
        )
        .then([
          removalDesired(1, resend + SECOND),
          timedOut(writeId(2), 1, resend + 2 * MINUTE),
          dispatchedClear(writeId(3), 1, resend + 2 * MINUTE),
        ]);
    });

    it('sends nothing more once the clear is answered', () => {
      spec
        .given([
          ...unknownWhileOffline,
          removalDesired(1),
          connected(),
          readyZappiConfiguration(),
          dispatchedClear(writeId(2), 1),
          cleared(writeId(2), 1, 'Unknown'),
        ])
        .when(reconcile({ now: T0 + 10 * MINUTE, writeId: writeId(3) }))
        .then([]);
    });
  });
});
