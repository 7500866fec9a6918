import { handleCall } from './handle-call.js';
import { restoreState, serialiseState } from './state-schema.js';
import {
  aGenericCharger,
  aTxDefaultProfile,
  aTxProfile,
  aZappi,
  composite,
  ctxAt,
  givenProfiles,
  setProfile,
  T0,
  withActiveTransaction,
} from './test-builders.js';

describe('Device state persistence', () => {
  const zappi = setProfile(
    givenProfiles(withActiveTransaction(aZappi({ jurisdiction: 'GB', serialNumber: '21234567' }), 1, 7), [
      1,
      aTxDefaultProfile({
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
        chargingSchedule: { duration: 86_400 },
      }),
    ]),
    1,
    aTxProfile({ transactionId: 7 }),
    T0 + 1000,
    () => 0.25,
  ).state;

  it('round-trips a zappi with profiles, a transaction, drawn delays and a write log through JSON', () => {
    const restored = restoreState(serialiseState(zappi));
    expect(restored).toEqual(zappi);
    expect(restored.writeLog).toHaveLength(2);
    expect(restored.profiles.map((p) => p.randomDelaySeconds)).toEqual([0, 150]);
  });

  it('behaves the same after a restore (profiles survive restarts)', () => {
    const restored = restoreState(serialiseState(zappi));
    expect(composite(restored, 1, 86_400, T0 + 5000)).toEqual(composite(zappi, 1, 86_400, T0 + 5000));
  });

  it('round-trips a generic charger', () => {
    const generic = aGenericCharger({ smartChargingLimits: { allowedChargingRateUnits: ['Power'] } });
    expect(restoreState(serialiseState(generic))).toEqual(generic);
  });

  it('refuses a state file that is not a device state', () => {
    expect(() => restoreState('{"schemaVersion":2}')).toThrow();
    expect(() => restoreState(serialiseState({ ...zappi, writeLog: ['x'] as unknown as number[] }))).toThrow();
  });

  it('never mutates the state it is given', () => {
    const before = serialiseState(zappi);
    handleCall(zappi, 'ClearChargingProfile', {}, ctxAt(T0 + 2000));
    handleCall(zappi, 'ChangeConfiguration', { key: 'RandomSmartChargeDelay', value: '0' }, ctxAt(T0 + 2000));
    setProfile(zappi, 1, aTxDefaultProfile({ chargingProfileId: 9 }), T0 + 2000);
    expect(serialiseState(zappi)).toBe(before);
  });
});
