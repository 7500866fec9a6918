import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  acceptedWrites,
  aReadyZappi,
  aTxDefaultProfile,
  aTxProfile,
  confirmedEarlier,
  deferred,
  desired,
  dispatched,
  GUARDED_WINDOW,
  MINUTE,
  reconcile,
  recordTransactionStopped,
  setDesired,
  T0,
  TRANSACTION,
  transactionStarted,
  transactionStopped,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const txDefault = aTxDefaultProfile();
const tx = aTxProfile({ transactionId: TRANSACTION });
const inSession = [...aReadyZappi(), transactionStarted(), ...confirmedEarlier(txDefault, writeId(0))];

describe('Charger profiles', () => {
  describe('when a TxProfile is desired during a transaction', () => {
    it('fills in the running transaction id when the CPO left it out', () => {
      spec
        .given(inSession)
        .when(setDesired(aTxProfile()))
        .then([desired(tx), dispatched(writeId(1), tx)]);
    });

    it('keeps a transaction id the CPO gave', () => {
      spec
        .given(inSession)
        .when(setDesired(tx))
        .then([desired(tx), dispatched(writeId(1), tx)]);
    });
  });

  describe('when the transaction stops', () => {
    it("drops that transaction's confirmed TxProfile without a clear, keeping the TxDefaultProfile", () => {
      const state = spec
        .given([...inSession, ...confirmedEarlier(tx, writeId(1))])
        .when(recordTransactionStopped(TRANSACTION, { now: T0 + MINUTE }))
        .then([transactionStopped(TRANSACTION, T0 + MINUTE)]);
      expect(state.profiles[10]).toBeUndefined(); // nothing left to say: the ledger drops the record (L15)
      expect(state.profiles[1]?.confirmed).toEqual({ connectorId: 1, profile: txDefault });
      expect(state.transactions).toEqual([]);
    });

    it("drops that transaction's pending TxProfile so it is never sent", () => {
      const fullWindow = [...aReadyZappi(), transactionStarted(), ...acceptedWrites(24, T0)];
      const state = spec
        .given([...fullWindow, desired(tx, T0 + 30 * MINUTE), deferred([10], T0 + GUARDED_WINDOW, T0 + 30 * MINUTE)])
        .when(recordTransactionStopped(TRANSACTION, { now: T0 + 40 * MINUTE }), reconcile({ now: T0 + GUARDED_WINDOW }))
        .then([transactionStopped(TRANSACTION, T0 + 40 * MINUTE)]);
      expect(state.profiles[10]).toBeUndefined(); // nothing left to say: the ledger drops the record (L15)
    });

    it('keeps the TxProfile of another transaction', () => {
      const state = spec
        .given([...inSession, ...confirmedEarlier(tx, writeId(1))])
        .when(recordTransactionStopped(999))
        .then([transactionStopped(999)]);
      expect(state.profiles[10]).toMatchObject({ desired: { profile: tx }, confirmed: { profile: tx } });
      expect(state.transactions).toHaveLength(1);
    });
  });
});
