import { isCallError } from './call-result.js';
import type { DeviceState } from './device-state.js';
import { handleCall } from './handle-call.js';
import {
  aTxDefaultProfile,
  aZappi,
  clearProfiles,
  ctxAt,
  givenProfiles,
  HOUR,
  MINUTE,
  periods,
  setProfile,
  T0,
} from './test-builders.js';
import { canWrite, nextWriteAllowedAt, recordWrite, writesInWindow } from './write-limiter.js';

const limit = { maxWrites: 24, windowSeconds: 3600 };

/** 24 changing TxDefaultProfile writes, one per minute from T0 (T0 … T0+23 min). */
function zappiWith24Writes(): DeviceState {
  let state = aZappi();
  for (let i = 0; i < 24; i++) {
    const r = setProfile(
      state,
      1,
      aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods([0, 10 + (i % 2)]) } }),
      T0 + i * MINUTE,
    );
    expect(r.response).toEqual({ status: 'Accepted' });
    expect(r.memoryWrite).toBe(true);
    state = r.state;
  }
  return state;
}

const aChange = (i: number) =>
  aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods([0, 20 + i]) } });

describe('Memory write limiter', () => {
  describe('the rolling window: a write at w counts at t while w is in (t − 60 min, t]', () => {
    it('counts a write at its own instant and until just before it is 60 minutes old', () => {
      expect(writesInWindow([T0], limit, T0)).toBe(1);
      expect(writesInWindow([T0], limit, T0 + HOUR - 1)).toBe(1);
      expect(writesInWindow([T0], limit, T0 + HOUR)).toBe(0);
    });

    it('does not count a write stamped after t', () => {
      expect(writesInWindow([T0 + 1], limit, T0)).toBe(0);
    });

    it('allows a write while fewer than the maximum count, and names when the next is allowed', () => {
      const log = Array.from({ length: 24 }, (_, i) => T0 + i * MINUTE);
      expect(canWrite(log.slice(1), limit, T0 + 23 * MINUTE)).toBe(true);
      expect(canWrite(log, limit, T0 + 23 * MINUTE)).toBe(false);
      expect(nextWriteAllowedAt(log, limit, T0 + 30 * MINUTE)).toBe(T0 + HOUR);
      expect(canWrite(log, null, T0)).toBe(true);
    });

    it('forgets writes that can no longer count when recording one', () => {
      expect(recordWrite([T0 - HOUR, T0 - HOUR + 1], limit, T0)).toEqual([T0 - HOUR + 1, T0]);
    });
  });

  describe('given a zappi with 24 writes in the last hour', () => {
    const state = zappiWith24Writes();

    it('accepted the 24th write', () => {
      expect(state.writeLog).toHaveLength(24);
    });

    it('rejects the 25th SetChargingProfile and changes nothing', () => {
      const r = setProfile(state, 1, aChange(1), T0 + 30 * MINUTE);
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.memoryWrite).toBe(false);
      expect(r.reason).toMatch(/^write-limit: 24 writes in the last 3600 s; next at 2025-01-06T13:00:00Z/);
      expect(r.state).toBe(state);
    });

    it('still rejects 1 ms before the oldest write is 60 minutes old', () => {
      expect(setProfile(state, 1, aChange(1), T0 + HOUR - 1).response).toEqual({ status: 'Rejected' });
    });

    it('accepts again exactly when the oldest write is 60 minutes old', () => {
      const r = setProfile(state, 1, aChange(1), T0 + HOUR);
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(r.memoryWrite).toBe(true);
      expect(r.state.writeLog).toHaveLength(24);
    });

    it('accepts an unchanged profile without counting it (it is not a write)', () => {
      const stored = state.profiles[0]?.profile;
      const r = setProfile(state, 1, stored ?? aChange(0), T0 + 30 * MINUTE);
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(r.memoryWrite).toBe(false);
      expect(r.reason).toMatch(/^unchanged/);
      expect(r.state).toBe(state);
    });

    it('rejects a ChangeConfiguration that changes a value, and changes nothing', () => {
      const r = handleCall(
        state,
        'ChangeConfiguration',
        { key: 'RandomSmartChargeDelay', value: '300' },
        ctxAt(T0 + 30 * MINUTE),
      );
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^write-limit/);
      expect(r.state).toBe(state);
    });

    it('accepts a ChangeConfiguration to the value already set without counting it', () => {
      const r = handleCall(
        state,
        'ChangeConfiguration',
        { key: 'CommercialMode', value: 'true' },
        ctxAt(T0 + 30 * MINUTE),
      );
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(r.memoryWrite).toBe(false);
    });

    it('refuses a clear that would remove profiles with a CALLERROR and keeps them', () => {
      const r = clearProfiles(state, { id: 100 }, T0 + 30 * MINUTE);
      expect(isCallError(r.response) && r.response.callError).toBe('GenericError');
      expect(r.reason).toMatch(/^write-limit/);
      expect(r.state).toBe(state);
    });

    it('answers a clear that matches nothing with Unknown, not counted', () => {
      const r = clearProfiles(state, { id: 999 }, T0 + 30 * MINUTE);
      expect(r.response).toEqual({ status: 'Unknown' });
      expect(r.memoryWrite).toBe(false);
    });

    it('never counts reads (GetConfiguration, GetCompositeSchedule)', () => {
      const ctx = ctxAt(T0 + 30 * MINUTE);
      expect(handleCall(state, 'GetConfiguration', {}, ctx).memoryWrite).toBe(false);
      expect(handleCall(state, 'GetCompositeSchedule', { connectorId: 1, duration: 60 }, ctx).state).toBe(state);
    });
  });

  describe('what counts as a write', () => {
    it('counts a changing ChangeConfiguration and a clear that removes something', () => {
      const given = givenProfiles(aZappi(), [1, aTxDefaultProfile()]);
      const changed = handleCall(
        given,
        'ChangeConfiguration',
        { key: 'RandomSmartChargeDelay', value: '120' },
        ctxAt(T0 + 1),
      );
      expect(changed.memoryWrite).toBe(true);
      const cleared = clearProfiles(changed.state, {}, T0 + 2);
      expect(cleared.memoryWrite).toBe(true);
      expect(cleared.state.writeLog).toEqual([T0, T0 + 1, T0 + 2]);
    });

    it('honours a configured limit (3 writes per 10 minutes)', () => {
      let state = aZappi({ writeLimit: { maxWrites: 3, windowSeconds: 600 } });
      for (let i = 0; i < 3; i++) state = setProfile(state, 1, aChange(i), T0 + i * MINUTE).state;
      expect(setProfile(state, 1, aChange(9), T0 + 5 * MINUTE).response).toEqual({ status: 'Rejected' });
      expect(setProfile(state, 1, aChange(9), T0 + 10 * MINUTE).response).toEqual({ status: 'Accepted' });
    });
  });
});
