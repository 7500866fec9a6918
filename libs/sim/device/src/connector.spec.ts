import {
  effectiveLimitW,
  type OutboundCall,
  plugIn,
  setCarSuspended,
  startTransactionConfirmed,
  stopTransaction,
  tick,
  unplug,
} from './connector.js';
import {
  aTxDefaultProfile,
  aTxProfile,
  aZappi,
  givenProfiles,
  HOUR,
  iso,
  MINUTE,
  periods,
  setProfile,
  T0,
  withActiveTransaction,
} from './test-builders.js';

const car = { maxPowerW: 7000, idTag: 'ZAPPI-VTAG-1' };

/** [action, status or stop reason] of each outbound call. */
function summary(outbound: OutboundCall[]): Array<[string, string]> {
  return outbound.map((o): [string, string] => {
    if (o.action === 'StatusNotification') return [o.action, o.payload.status];
    if (o.action === 'StopTransaction') return [o.action, o.payload.reason];
    return [o.action, o.payload.idTag];
  });
}

describe('Connector', () => {
  describe('when a car is plugged in', () => {
    const step = plugIn(aZappi(), 1, car, T0);

    it('reports Preparing and starts a transaction with the car’s tag', () => {
      expect(step.outbound).toEqual([
        {
          action: 'StatusNotification',
          payload: { connectorId: 1, errorCode: 'NoError', status: 'Preparing', timestamp: '2025-01-06T12:00:00Z' },
        },
        {
          action: 'StartTransaction',
          payload: { connectorId: 1, idTag: 'ZAPPI-VTAG-1', meterStart: 0, timestamp: '2025-01-06T12:00:00Z' },
        },
      ]);
    });

    it('does not charge until the CS answered StartTransaction', () => {
      expect(effectiveLimitW(step.state, 1, T0)).toBe(0);
      expect(step.state.connectors[0]?.transaction?.transactionId).toBeNull();
    });

    it('charges once the CS accepted it, and records the transaction id', () => {
      const confirmed = startTransactionConfirmed(
        step.state,
        1,
        { transactionId: 42, idTagInfo: { status: 'Accepted' } },
        T0 + 1000,
      );
      expect(confirmed.outbound).toEqual([
        {
          action: 'StatusNotification',
          payload: { connectorId: 1, errorCode: 'NoError', status: 'Charging', timestamp: '2025-01-06T12:00:01Z' },
        },
      ]);
      expect(confirmed.state.connectors[0]?.transaction?.transactionId).toBe(42);
      expect(effectiveLimitW(confirmed.state, 1, T0 + 1000)).toBe(7000);
    });

    it('stops the transaction (DeAuthorized) when the CS blocks the tag', () => {
      const blocked = startTransactionConfirmed(
        step.state,
        1,
        { transactionId: 43, idTagInfo: { status: 'Blocked' } },
        T0 + 1000,
      );
      expect(summary(blocked.outbound)).toEqual([
        ['StopTransaction', 'DeAuthorized'],
        ['StatusNotification', 'Finishing'],
      ]);
      expect(blocked.state.connectors[0]?.transaction).toBeNull();
    });

    it('refuses a second plug-in on the same connector (broken invariant)', () => {
      expect(() => plugIn(step.state, 1, car, T0)).toThrow(/already has a car/);
    });
  });

  describe('effectiveLimitW', () => {
    it('is the composite limit bounded by the car’s maximum', () => {
      const state = givenProfiles(withActiveTransaction(aZappi(), 1, 7, T0, 11_000), [
        1,
        aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods([0, 16]) } }),
      ]);
      expect(effectiveLimitW(state, 1, T0)).toBe(3680);
      expect(effectiveLimitW(withActiveTransaction(aZappi(), 1, 7, T0, 11_000), 1, T0)).toBe(7360);
      expect(effectiveLimitW(withActiveTransaction(aZappi(), 1, 7, T0, 2000), 1, T0)).toBe(2000);
    });

    it('is 0 while the car is suspended', () => {
      const state = setCarSuspended(withActiveTransaction(aZappi(), 1, 7), 1, true, T0).state;
      expect(effectiveLimitW(state, 1, T0)).toBe(0);
      expect(state.connectors[0]?.status).toBe('SuspendedEV');
    });
  });

  describe('tick', () => {
    it('reports SuspendedEVSE when the limit drops to 0, and Charging when it rises again', () => {
      const profile = aTxDefaultProfile({
        chargingSchedule: { startSchedule: iso(T0), chargingSchedulePeriod: periods([0, 16], [600, 0], [1200, 16]) },
      });
      const state = givenProfiles(withActiveTransaction(aZappi(), 1, 7), [1, profile]);
      const paused = tick(state, T0 + 600_000);
      expect(summary(paused.outbound)).toEqual([['StatusNotification', 'SuspendedEVSE']]);
      const resumed = tick(paused.state, T0 + 1_200_000);
      expect(summary(resumed.outbound)).toEqual([['StatusNotification', 'Charging']]);
      expect(tick(resumed.state, T0 + 1_300_000).outbound).toEqual([]);
    });

    it('meters energy exactly across limit changes between ticks', () => {
      // 16 A (3680 W) for 10 min, then 0 for 10 min, then 32 A capped by the car at 5000 W for 10 min.
      const profile = aTxDefaultProfile({
        chargingSchedule: { startSchedule: iso(T0), chargingSchedulePeriod: periods([0, 16], [600, 0], [1200, 32]) },
      });
      const state = givenProfiles(withActiveTransaction(aZappi(), 1, 7, T0, 5000), [1, profile]);
      const after = tick(state, T0 + 30 * MINUTE).state;
      expect(after.connectors[0]?.meterWh).toBeCloseTo(3680 / 6 + 5000 / 6, 6);
    });
  });

  describe('when the transaction stops', () => {
    const charging = setProfile(
      withActiveTransaction(aZappi(), 1, 7, T0, 7360),
      1,
      aTxProfile({ transactionId: 7 }),
    ).state;

    it('sends StopTransaction with the meter reading and discards its TxProfiles (slots freed)', () => {
      const stopped = stopTransaction(charging, 1, 'Remote', T0 + HOUR);
      expect(stopped.outbound).toEqual([
        {
          action: 'StopTransaction',
          payload: {
            transactionId: 7,
            idTag: 'VIRTUAL-TAG',
            meterStop: 3680,
            timestamp: '2025-01-06T13:00:00Z',
            reason: 'Remote',
          },
        },
        {
          action: 'StatusNotification',
          payload: { connectorId: 1, errorCode: 'NoError', status: 'Finishing', timestamp: '2025-01-06T13:00:00Z' },
        },
      ]);
      expect(stopped.state.profiles).toEqual([]);
      expect(stopped.state.writeLog).toEqual(charging.writeLog); // discarding is not a memory write
    });

    it('goes Available on unplug after Finishing, without another StopTransaction', () => {
      const finishing = stopTransaction(charging, 1, 'Local', T0 + HOUR).state;
      expect(unplug(finishing, 1, T0 + HOUR + 1000).outbound.map((o) => o.action)).toEqual(['StatusNotification']);
    });

    it('stops with EVDisconnected and goes Available when the car is unplugged while charging', () => {
      const unplugged = unplug(charging, 1, T0 + HOUR);
      expect(summary(unplugged.outbound)).toEqual([
        ['StopTransaction', 'EVDisconnected'],
        ['StatusNotification', 'Available'],
      ]);
      expect(unplugged.state.connectors[0]?.car).toBeNull();
    });
  });
});
