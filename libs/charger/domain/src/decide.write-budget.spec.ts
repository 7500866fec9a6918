import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { nextWakeAt } from './planner/next-wake.js';
import { initialState } from './state.js';
import {
  accepted,
  acceptedWrites,
  answered,
  aReadyGeneric,
  aReadyZappi,
  aTxDefaultProfile,
  cleared,
  deferred,
  desired,
  dispatched,
  dispatchedClear,
  GUARDED_WINDOW,
  MINUTE,
  periods,
  reconcile,
  rejected,
  removalDesired,
  removeDesired,
  SECOND,
  setDesired,
  T0,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const limit = (a: number) => aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods(1, a) } });
/** The last of `acceptedWrites(n)` confirmed limit 6 + n − 1; these are all different from it. */
const [pA, pB, pC] = [limit(30), limit(31), limit(32)];
const at = (minutes: number, ms = 0) => ({ now: T0 + minutes * MINUTE + ms, writeId: writeId(100 + minutes) });
const zappiWith = (writes: number) => [...aReadyZappi(), ...acceptedWrites(writes, T0)];
/** 24 writes, one a minute from T0: the oldest leaves the guarded window (60 min + 30 s) at T0 + 60 min 30 s. */
const fullWindow = zappiWith(24);
const until = T0 + GUARDED_WINDOW;
const GUARD = 30 * SECOND;

describe('Charger profiles', () => {
  describe('when 23 writes were dispatched in the last 60 minutes', () => {
    it('dispatches the 24th', () => {
      spec
        .given(zappiWith(23))
        .when(setDesired(pA, at(30)))
        .then([desired(pA, T0 + 30 * MINUTE), dispatched(writeId(130), pA, T0 + 30 * MINUTE)]);
    });

    it('counts a ClearChargingProfile as a write', () => {
      spec
        .given(zappiWith(23))
        .when(removeDesired(1, at(30)), answered(writeId(130), 'Accepted', at(30, 1)), setDesired(pA, at(31)))
        .then([
          removalDesired(1, T0 + 30 * MINUTE),
          dispatchedClear(writeId(130), 1, T0 + 30 * MINUTE),
          cleared(writeId(130), 1, 'Accepted', T0 + 30 * MINUTE + 1),
          desired(pA, T0 + 31 * MINUTE),
          deferred([1], until, T0 + 31 * MINUTE),
        ]);
    });

    it('counts a write the charger rejected', () => {
      spec
        .given([
          ...zappiWith(23),
          desired(pA, T0 + 30 * MINUTE),
          dispatched(writeId(1), pA, T0 + 30 * MINUTE),
          rejected(writeId(1), 1, 'Rejected', T0 + 30 * MINUTE, until),
        ])
        .when(setDesired(pB, at(31)))
        .then([desired(pB, T0 + 31 * MINUTE), deferred([1], until, T0 + 31 * MINUTE)]);
    });
  });

  describe('when 24 writes were dispatched in the last 60 minutes', () => {
    it('defers the 25th until the oldest write is 60 minutes and the 30 s guard old', () => {
      const state = spec
        .given(fullWindow)
        .when(setDesired(pA, at(30)))
        .then([desired(pA, T0 + 30 * MINUTE), deferred([1], until, T0 + 30 * MINUTE)]);
      expect(state.deferredUntil).toBe(until);
      expect(nextWakeAt(state)).toBe(until);
    });

    it('does not dispatch one millisecond before the guarded window frees', () => {
      spec
        .given([...fullWindow, desired(pA), deferred([1], until)])
        .when(reconcile(at(60, GUARD - 1)))
        .then([]);
    });

    it('does not dispatch when the oldest write is exactly 60 minutes old (the device window alone)', () => {
      spec
        .given([...fullWindow, desired(pA), deferred([1], until)])
        .when(reconcile(at(60)))
        .then([]);
    });

    it('dispatches on a Reconcile exactly when the guarded window frees', () => {
      const state = spec
        .given([...fullWindow, desired(pA), deferred([1], until)])
        .when(reconcile(at(60, GUARD)))
        .then([dispatched(writeId(160), pA, until)]);
      // Pruned to the guarded window at dispatch: the oldest write (T0) has left it; the other 23 and this one remain.
      expect(state.writeTimes).toEqual([...Array.from({ length: 23 }, (_, i) => T0 + (i + 1) * MINUTE), until]);
    });

    it('does not record the same deferral twice', () => {
      spec
        .given([...fullWindow, desired(pA), deferred([1], until)])
        .when(reconcile(at(45)), reconcile(at(50)))
        .then([]);
    });

    it('coalesces changes made while deferred into one write carrying the latest', () => {
      spec
        .given(fullWindow)
        .when(setDesired(pA, at(30)), setDesired(pB, at(35)), setDesired(pC, at(40)), reconcile(at(60, GUARD)))
        .then([
          desired(pA, T0 + 30 * MINUTE),
          deferred([1], until, T0 + 30 * MINUTE),
          desired(pB, T0 + 35 * MINUTE),
          desired(pC, T0 + 40 * MINUTE),
          dispatched(writeId(160), pC, until),
        ]);
    });

    it('drops a deferred change that came back to the confirmed profile', () => {
      spec
        .given(fullWindow)
        .when(setDesired(pA, at(30)), setDesired(limit(6 + 23), at(35)), reconcile(at(60, GUARD)))
        .then([
          desired(pA, T0 + 30 * MINUTE),
          deferred([1], until, T0 + 30 * MINUTE),
          desired(limit(29), T0 + 35 * MINUTE),
        ]);
    });

    it('frees one write per write that ages out', () => {
      spec
        .given([...fullWindow, desired(pA), deferred([1], until), dispatched(writeId(1), pA, until)])
        .when(answered(writeId(1), 'Accepted', at(60, GUARD + 1)), setDesired(pB, at(60, GUARD + 2)))
        .then([
          accepted(writeId(1), pA, until + 1),
          desired(pB, until + 2),
          deferred([1], T0 + MINUTE + GUARDED_WINDOW, until + 2),
        ]);
    });
  });

  describe('when the charger has no write budget (generic OCPP 1.6)', () => {
    it('dispatches however many writes came before, keeping only the last dispatch time', () => {
      const state = spec
        .given([...aReadyGeneric(), ...acceptedWrites(30, T0, 0)])
        .when(setDesired(pA, at(0)))
        .then([desired(pA), dispatched(writeId(100), pA)]);
      expect(state.writeTimes).toEqual([T0]);
    });
  });
});
