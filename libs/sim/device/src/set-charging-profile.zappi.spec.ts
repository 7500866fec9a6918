import { isCallError } from './call-result.js';
import { stopTransaction } from './connector.js';
import { slotsUsed } from './profile-store.js';
import { drawDelaySeconds } from './set-charging-profile.js';
import {
  aChargePointMaxProfile,
  aTxDefaultProfile,
  aTxProfile,
  aZappi,
  givenProfiles,
  periods,
  setProfile,
  T0,
  withActiveTransaction,
  withPeriods,
} from './test-builders.js';

describe('zappi SetChargingProfile', () => {
  describe('given firmware below 5.5', () => {
    it('rejects every profile', () => {
      const r = setProfile(aZappi({ firmwareVersion: '5.4.9' }), 1, aTxDefaultProfile());
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^no-smart-charging/);
      expect(r.memoryWrite).toBe(false);
    });
  });

  describe('given firmware 5.114 (OCPP-era numbering)', () => {
    it('accepts, since 114 > 5 part by part', () => {
      expect(setProfile(aZappi({ firmwareVersion: '5.114' }), 1, aTxDefaultProfile()).response).toEqual({
        status: 'Accepted',
      });
    });
  });

  describe('given commercial mode off', () => {
    it('rejects and stores nothing', () => {
      const state = aZappi({ commercialMode: false });
      const r = setProfile(state, 1, aTxDefaultProfile());
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^commercial-mode-off/);
      expect(r.state).toBe(state);
    });
  });

  describe('given the 84-slot pool', () => {
    it('accepts a write that leaves exactly 84 periods stored', () => {
      const state = withActiveTransaction(givenProfiles(aZappi(), [1, aTxDefaultProfile(withPeriods(80))]), 1, 7);
      const r = setProfile(state, 1, aTxProfile(withPeriods(4)));
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(slotsUsed(r.state.profiles)).toBe(84);
    });

    it('rejects a write that would store 85 periods', () => {
      const state = withActiveTransaction(givenProfiles(aZappi(), [1, aTxDefaultProfile(withPeriods(80))]), 1, 7);
      const r = setProfile(state, 1, aTxProfile(withPeriods(5)));
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^slots-exhausted: 85 periods/);
    });

    it('counts the replaced TxDefaultProfile as freed', () => {
      const state = givenProfiles(aZappi(), [1, aTxDefaultProfile(withPeriods(80))]);
      const r = setProfile(state, 1, aTxDefaultProfile(withPeriods(84, { chargingProfileId: 101 })));
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(slotsUsed(r.state.profiles)).toBe(84);
    });

    it('frees a TxProfile’s slots when its transaction stops', () => {
      const state = withActiveTransaction(givenProfiles(aZappi(), [1, aTxDefaultProfile(withPeriods(80))]), 1, 7);
      const withTx = setProfile(state, 1, aTxProfile(withPeriods(4))).state;
      const stopped = stopTransaction(withTx, 1, 'Local', T0 + 1).state;
      expect(slotsUsed(stopped.profiles)).toBe(80);
      expect(stopped.profiles.map((p) => p.profile.chargingProfilePurpose)).toEqual(['TxDefaultProfile']);
    });
  });

  describe('given a TxProfile', () => {
    it('rejects it without an active transaction on that connector', () => {
      const r = setProfile(aZappi(), 1, aTxProfile());
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^no-active-transaction/);
    });

    it('rejects it while the StartTransaction answer is still outstanding', () => {
      const r = setProfile(aZappi(), 1, aTxProfile({ transactionId: 7 }));
      expect(r.response).toEqual({ status: 'Rejected' });
    });

    it('rejects a transactionId that is not the active one', () => {
      const r = setProfile(withActiveTransaction(aZappi(), 1, 7), 1, aTxProfile({ transactionId: 8 }));
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(/^transaction-mismatch/);
    });

    it('accepts it for the active transaction, with or without transactionId', () => {
      const state = withActiveTransaction(aZappi(), 1, 7);
      expect(setProfile(state, 1, aTxProfile({ transactionId: 7 })).response).toEqual({ status: 'Accepted' });
      expect(setProfile(state, 1, aTxProfile()).response).toEqual({ status: 'Accepted' });
    });

    it('rejects it on connector 0', () => {
      expect(setProfile(withActiveTransaction(aZappi(), 1, 7), 0, aTxProfile()).response).toEqual({
        status: 'Rejected',
      });
    });
  });

  describe('given an installed TxDefaultProfile', () => {
    const state = givenProfiles(aZappi(), [1, aTxDefaultProfile({ chargingProfileId: 100, stackLevel: 0 })]);

    it('replaces it with a new one whatever its id, stackLevel or connector', () => {
      const r = setProfile(state, 0, aTxDefaultProfile({ chargingProfileId: 555, stackLevel: 3 }));
      expect(r.response).toEqual({ status: 'Accepted' });
      expect(r.state.profiles.map((p) => [p.connectorId, p.profile.chargingProfileId])).toEqual([[0, 555]]);
    });

    it('keeps the TxProfile of a running transaction beside it', () => {
      const withTx = setProfile(withActiveTransaction(state, 1, 7), 1, aTxProfile()).state;
      const r = setProfile(withTx, 1, aTxDefaultProfile({ chargingProfileId: 101 }));
      expect(r.state.profiles.map((p) => p.profile.chargingProfileId).sort()).toEqual([101, 200]);
    });
  });

  it('rejects a ChargePointMaxProfile (not supported on zappi)', () => {
    const r = setProfile(aZappi(), 0, aChargePointMaxProfile());
    expect(r.response).toEqual({ status: 'Rejected' });
    expect(r.reason).toMatch(/^purpose-not-supported/);
  });

  it('answers a CALLERROR PropertyConstraintViolation for a connector that does not exist', () => {
    const r = setProfile(aZappi(), 2, aTxDefaultProfile());
    expect(isCallError(r.response) && r.response.callError).toBe('PropertyConstraintViolation');
    expect(r.memoryWrite).toBe(false);
  });

  describe('profile semantics (rejected, nothing stored)', () => {
    it.each([
      ['no periods', aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: [] } }), /^invalid-schedule/],
      [
        'first period not at 0',
        aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods([120, 16]) } }),
        /^invalid-schedule/,
      ],
      [
        'periods not increasing',
        aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods([0, 16], [60, 8], [60, 6]) } }),
        /^invalid-schedule/,
      ],
      [
        'Recurring without recurrencyKind',
        aTxDefaultProfile({ chargingProfileKind: 'Recurring' }),
        /^invalid-recurrence/,
      ],
      ['recurrencyKind on Absolute', aTxDefaultProfile({ recurrencyKind: 'Daily' }), /^invalid-recurrence/],
      [
        'Recurring without startSchedule',
        aTxDefaultProfile({
          chargingProfileKind: 'Recurring',
          recurrencyKind: 'Daily',
          chargingSchedule: { startSchedule: undefined },
        }),
        /^invalid-recurrence/,
      ],
      [
        'validFrom not before validTo',
        aTxDefaultProfile({ validFrom: '2025-01-07T00:00:00Z', validTo: '2025-01-07T00:00:00Z' }),
        /^invalid-validity/,
      ],
      ['transactionId on a TxDefaultProfile', aTxDefaultProfile({ transactionId: 7 }), /^transaction-id-not-allowed/],
    ])('%s', (_name, profile, reason) => {
      const state = aZappi();
      const r = setProfile(state, 1, profile);
      expect(r.response).toEqual({ status: 'Rejected' });
      expect(r.reason).toMatch(reason);
      expect(r.state).toBe(state);
    });
  });

  describe('RandomSmartChargeDelay', () => {
    it('defaults to 600 s in GB and 0 elsewhere', () => {
      expect(aZappi({ jurisdiction: 'GB' }).configuration['RandomSmartChargeDelay']).toBe('600');
      expect(aZappi().configuration['RandomSmartChargeDelay']).toBe('0');
    });

    it('draws a whole-second delay in [0, N] from the injected source when a profile is installed', () => {
      const gb = aZappi({ jurisdiction: 'GB' });
      expect(setProfile(gb, 1, aTxDefaultProfile(), T0, () => 0).state.profiles[0]?.randomDelaySeconds).toBe(0);
      expect(setProfile(gb, 1, aTxDefaultProfile(), T0, () => 0.5).state.profiles[0]?.randomDelaySeconds).toBe(300);
      expect(setProfile(gb, 1, aTxDefaultProfile(), T0, () => 0.999_999).state.profiles[0]?.randomDelaySeconds).toBe(
        600,
      );
    });

    it('draws nothing when the key is 0', () => {
      const random = vi.fn(() => 0.5);
      const r = setProfile(aZappi(), 1, aTxDefaultProfile(), T0, random);
      expect(r.state.profiles[0]?.randomDelaySeconds).toBe(0);
      expect(random).not.toHaveBeenCalled();
    });

    it('keeps the drawn delay when an unchanged profile is sent again (no new draw)', () => {
      const first = setProfile(aZappi({ jurisdiction: 'GB' }), 1, aTxDefaultProfile(), T0, () => 0.5).state;
      const again = setProfile(first, 1, aTxDefaultProfile(), T0 + 1, () => 0.9);
      expect(again.state.profiles[0]?.randomDelaySeconds).toBe(300);
    });

    it('maps the random source uniformly onto 0..N', () => {
      expect(drawDelaySeconds(2, () => 0.33)).toBe(0);
      expect(drawDelaySeconds(2, () => 0.34)).toBe(1);
      expect(drawDelaySeconds(2, () => 0.67)).toBe(2);
    });
  });
});
