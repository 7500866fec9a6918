import type { ChargerEvent } from '../events.js';
import { evolve } from '../evolve.js';
import { initialState } from '../state.js';
import {
  accepted,
  acceptedWrites,
  aGenericRegistered,
  aReadyZappi,
  aTxDefaultProfile,
  connected,
  deferred,
  desired,
  dispatched,
  MINUTE,
  SECOND,
  T0,
  writeId,
} from '../test-builders.js';
import { inFlightExpired, nextWakeAt } from './next-wake.js';

const stateOf = (events: ChargerEvent[]) => events.reduce(evolve, initialState());
const p = aTxDefaultProfile();
const sent = T0 + 30 * MINUTE;

describe('Charger profiles', () => {
  describe('when nothing waits', () => {
    it('asks for no wake-up', () => {
      expect(nextWakeAt(stateOf([...aReadyZappi(), desired(p), dispatched(writeId(1), p), accepted(writeId(1), p)]))).toBeNull();
    });
  });

  describe('when a write is deferred for budget', () => {
    it('wakes at the deferral time', () => {
      expect(nextWakeAt(stateOf([...aReadyZappi(), ...acceptedWrites(24, T0), desired(p), deferred([1], T0 + 60 * MINUTE)]))).toBe(T0 + 60 * MINUTE);
    });

    it('forgets the deferral once a write is dispatched', () => {
      const state = stateOf([...aReadyZappi(), deferred([1], T0 + 60 * MINUTE), dispatched(writeId(1), p, T0 + 60 * MINUTE), accepted(writeId(1), p)]);
      expect(state.deferredUntil).toBeNull();
      expect(nextWakeAt(state)).toBeNull();
    });
  });

  describe('when a write is outstanding', () => {
    const zappi = stateOf([...aReadyZappi(), desired(p), dispatched(writeId(1), p, sent)]);
    const generic = stateOf([aGenericRegistered(), connected(), desired(p), dispatched(writeId(1), p, sent)]);

    it("wakes after the model's call timeout plus a grace period (zappi: 60 s + 5 s)", () => {
      expect(nextWakeAt(zappi)).toBe(sent + 65 * SECOND);
    });

    it('uses the generic call timeout for other chargers (30 s + 5 s)', () => {
      expect(nextWakeAt(generic)).toBe(sent + 35 * SECOND);
    });

    it('wakes at the earlier of a deferral and the timeout', () => {
      expect(nextWakeAt({ ...zappi, deferredUntil: sent + 10 * SECOND })).toBe(sent + 10 * SECOND);
      expect(nextWakeAt({ ...zappi, deferredUntil: sent + 10 * MINUTE })).toBe(sent + 65 * SECOND);
    });

    it('counts the write as expired from the wake-up time on, not before', () => {
      expect(inFlightExpired(zappi, sent + 65 * SECOND - 1)).toBe(false);
      expect(inFlightExpired(zappi, sent + 65 * SECOND)).toBe(true);
      expect(inFlightExpired(generic, sent + 35 * SECOND)).toBe(true);
    });
  });

  describe('when no write is outstanding', () => {
    it('never counts a write as expired', () => {
      expect(inFlightExpired(stateOf(aReadyZappi()), T0 + 24 * 60 * MINUTE)).toBe(false);
    });
  });
});
