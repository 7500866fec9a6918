import { deciderSpec } from '@chargeplane/platform-testing';
import { capabilitiesFor } from '@chargeplane/smart-charging-domain';
import { decide } from './decide.js';
import { stateOf } from './decide.spec-support.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { nextWakeAt } from './planner/next-wake.js';
import { pendingWrites } from './planner/pending-writes.js';
import { initialState } from './state.js';
import {
  accepted,
  acceptedWrites,
  answered,
  aReadyGeneric,
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
  GUARDED_WINDOW,
  HOUR,
  MINUTE,
  notReady,
  readyZappiConfiguration,
  reconcile,
  recordConnected,
  recordReadyConfiguration,
  rejected,
  removalDesired,
  removeDesired,
  SECOND,
  setDesired,
  T0,
  TRANSACTION,
  transactionStarted,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p0 = aTxDefaultProfile();
const p1 = withLimit(p0, 20);
const p2 = withLimit(p0, 24);
const sent = T0 + MINUTE;
const refusedAt = sent + 2 * SECOND;
/** Writes older than the guarded window, p0 confirmed by the write at T0, p1 sent at T0 + 1 min. */
const inFlight: ChargerEvent[] = [
  ...aReadyZappi(),
  ...acceptedWrites(3, T0 - 2 * HOUR),
  ...confirmedEarlier(p0, writeId(0)),
  desired(p1, sent),
  dispatched(writeId(1), p1, sent),
];
/** The oldest write still in the guarded window (T0) leaves it at T0 + 60 min 30 s. */
const retryAt = T0 + GUARDED_WINDOW;
const refusedOnce = [...inFlight, rejected(writeId(1), 1, 'Rejected', refusedAt, retryAt)];
const atMs = (now: number, id = 9) => ({ now, writeId: writeId(id) });

describe('Charger profiles', () => {
  describe('when zappi refuses a write (its refusal may have been the write limit, §2.1)', () => {
    it('sets its one retry for when the oldest write still in the guarded window has left it', () => {
      const state = spec
        .given(inFlight)
        .when(answered(writeId(1), 'Rejected', atMs(refusedAt)))
        .then([rejected(writeId(1), 1, 'Rejected', refusedAt, retryAt)]);
      expect(state.profiles[1]).toMatchObject({ outcome: 'rejected', rejections: 1, retryAt });
      expect(nextWakeAt(state)).toBe(retryAt);
    });

    it('lists the refused write again from its retry time on, not one millisecond before', () => {
      const state = stateOf(refusedOnce);
      const caps = capabilitiesFor(state.model, state.configuration);
      expect(pendingWrites(state, caps, retryAt - 1)).toEqual([]);
      expect(pendingWrites(state, caps, retryAt)).toEqual([
        { action: 'SetChargingProfile', chargingProfileId: 1, request: { connectorId: 1, csChargingProfiles: p1 } },
      ]);
    });

    it('sends the same content again exactly at its retry time, using the retry up', () => {
      const state = spec
        .given(refusedOnce)
        .when(reconcile(atMs(retryAt - 1, 2)), reconcile(atMs(retryAt, 3)))
        .then([dispatched(writeId(3), p1, retryAt)]);
      expect(state.profiles[1]).toMatchObject({ outcome: 'rejected', rejections: 1, retryAt: null });
      expect(nextWakeAt(state)).toBe(retryAt + 65 * SECOND);
    });

    it('confirms the content when the retry is accepted', () => {
      const state = spec
        .given([...refusedOnce, dispatched(writeId(3), p1, retryAt)])
        .when(answered(writeId(3), 'Accepted', atMs(retryAt + SECOND, 4)))
        .then([accepted(writeId(3), p1, retryAt + SECOND)]);
      expect(state.profiles[1]).toMatchObject({
        confirmed: { profile: p1 },
        outcome: 'none',
        rejections: 0,
        retryAt: null,
      });
    });

    it('takes a second refusal of the same content as final', () => {
      const state = spec
        .given([...refusedOnce, dispatched(writeId(3), p1, retryAt)])
        .when(answered(writeId(3), 'Rejected', atMs(retryAt + SECOND, 4)), reconcile(atMs(retryAt + 3 * HOUR, 5)))
        .then([rejected(writeId(3), 1, 'Rejected', retryAt + SECOND, null)]);
      expect(state.profiles[1]).toMatchObject({
        confirmed: { profile: p0 },
        outcome: 'rejected',
        rejections: 2,
        retryAt: null,
      });
      expect(nextWakeAt(state)).toBeNull();
    });

    it('gives new desired content its own retry', () => {
      const final = [
        ...refusedOnce,
        dispatched(writeId(3), p1, retryAt),
        rejected(writeId(3), 1, 'Rejected', retryAt + SECOND, null),
      ];
      const later = retryAt + 2 * MINUTE;
      // In the guarded window then: the retry at retryAt and this write; the retry is the oldest.
      spec
        .given(final)
        .when(setDesired(p2, atMs(later, 4)), answered(writeId(4), 'Rejected', atMs(later + SECOND, 5)))
        .then([
          desired(p2, later),
          dispatched(writeId(4), p2, later),
          rejected(writeId(4), 1, 'Rejected', later + SECOND, retryAt + GUARDED_WINDOW),
        ]);
    });

    it('drops the retry when the CPO removes the profile (and clears the confirmed one)', () => {
      const removedAt = sent + MINUTE;
      const state = spec
        .given(refusedOnce)
        .when(
          removeDesired(1, atMs(removedAt, 3)),
          reconcile(atMs(retryAt, 4)),
          answered(writeId(4), 'Accepted', atMs(retryAt + SECOND, 5)),
        )
        .then([
          removalDesired(1, removedAt),
          // The refusal closed zappi's window (L9): the clear waits for it to free.
          deferred([1], retryAt, removedAt),
          dispatchedClear(writeId(4), 1, retryAt),
          cleared(writeId(4), 1, 'Accepted', retryAt + SECOND),
        ]);
      expect(state.profiles[1]).toBeUndefined();
      expect(nextWakeAt(state)).toBeNull();
    });
  });

  describe('when a refusal carries no retry', () => {
    it('gives NotSupported none', () => {
      spec
        .given(inFlight)
        .when(answered(writeId(1), 'NotSupported', atMs(refusedAt)), reconcile(atMs(T0 + 3 * HOUR)))
        .then([
          rejected(writeId(1), 1, 'NotSupported', refusedAt, null),
          // L12: no smart charging at all: nothing is retried; the profile waits for the device, said once.
          notReady([1], 'SMART_CHARGING_NOT_SUPPORTED', refusedAt),
        ]);
    });

    it('gives a charger without a write budget none', () => {
      const state = spec
        .given([...aReadyGeneric(), desired(p1, sent), dispatched(writeId(1), p1, sent)])
        .when(answered(writeId(1), 'Rejected', atMs(refusedAt)), reconcile(atMs(T0 + 3 * HOUR)))
        .then([rejected(writeId(1), 1, 'Rejected', refusedAt, null)]);
      expect(state.profiles[1]).toMatchObject({ outcome: 'rejected', rejections: 1, retryAt: null });
    });
  });

  describe('when the retry is due but cannot go out', () => {
    it('waits for the charger to be back and its configuration read', () => {
      const back = retryAt + 10 * MINUTE;
      spec
        .given([...refusedOnce, disconnected(undefined, sent + MINUTE)])
        .when(reconcile(atMs(retryAt)), recordConnected(atMs(back)), recordReadyConfiguration(atMs(back + SECOND, 3)))
        .then([
          connected(undefined, back),
          readyZappiConfiguration(back + SECOND),
          dispatched(writeId(3), p1, back + SECOND),
        ]);
    });

    // TxProfile 10 refused at T0 + 23 min (24th write); TxDefaultProfile 1 deferred meanwhile: both wait for T0 + 60 min 30 s.
    const tx = aTxProfile({ transactionId: TRANSACTION });
    const pA = withLimit(aTxDefaultProfile(), 30);
    const contended: ChargerEvent[] = [
      ...aReadyZappi(),
      transactionStarted(),
      ...acceptedWrites(23, T0),
      desired(tx, T0 + 23 * MINUTE),
      dispatched(writeId(10), tx, T0 + 23 * MINUTE),
      rejected(writeId(10), 10, 'Rejected', T0 + 23 * MINUTE + SECOND, retryAt),
      desired(pA, T0 + 30 * MINUTE),
      deferred([1], retryAt, T0 + 30 * MINUTE),
    ];
    /** The freed write went to TxDefaultProfile 1: the next frees when T0 + 1 min's write leaves the guarded window. */
    const nextFree = T0 + MINUTE + GUARDED_WINDOW;

    it('waits for the write budget when another write took the freed one', () => {
      const state = spec
        .given(contended)
        .when(reconcile(atMs(retryAt, 100)), answered(writeId(100), 'Accepted', atMs(retryAt + SECOND, 101)))
        .then([
          dispatched(writeId(100), pA, retryAt),
          accepted(writeId(100), pA, retryAt + SECOND),
          deferred([10], nextFree, retryAt + SECOND),
        ]);
      // The retry time has passed: the wake must be the deferral's, or nobody would wake the charger for it.
      expect(nextWakeAt(state)).toBe(nextFree);
    });

    it('sends the retry when the budget frees', () => {
      spec
        .given([
          ...contended,
          dispatched(writeId(100), pA, retryAt),
          accepted(writeId(100), pA, retryAt + SECOND),
          deferred([10], nextFree, retryAt + SECOND),
        ])
        .when(reconcile(atMs(nextFree - 1, 102)), reconcile(atMs(nextFree, 103)))
        .then([dispatched(writeId(103), tx, nextFree)]);
    });
  });
});
