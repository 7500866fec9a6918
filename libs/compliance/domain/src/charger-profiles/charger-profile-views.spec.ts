import type { ChargerEvent } from '@chargeplane/contracts-events';
import { OFF_PEAK_DEFAULT_PROFILE_ID } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { capabilitiesFor, emptyLedger, evolveLedger } from '@chargeplane/smart-charging-domain';
import { chargerProfileViews, cpoTxDefaultProfileId } from './charger-profile-views.js';

const T0 = Date.UTC(2026, 10, 25, 10);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const profile = (id: number, purpose: ChargingProfile['chargingProfilePurpose'] = 'TxDefaultProfile', tx?: number) =>
  ({
    chargingProfileId: id,
    stackLevel: 0,
    chargingProfilePurpose: purpose,
    chargingProfileKind: 'Absolute',
    ...(tx === undefined ? {} : { transactionId: tx }),
    chargingSchedule: {
      startSchedule: at(0),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
  }) satisfies ChargingProfile;
const ev = (type: ChargerEvent['type'], s: number, data: unknown) =>
  ({ type, schemaVersion: 1, occurredAt: at(s), data }) as ChargerEvent;
const desired = (p: ChargingProfile, s = 0) => ev('ChargingProfileDesired', s, { connectorId: 1, chargingProfile: p });
const written = (w: string, p: ChargingProfile, s = 0) => [
  ev('ChargingProfileWriteDispatched', s, {
    writeId: w,
    chargingProfileId: p.chargingProfileId,
    action: 'SetChargingProfile',
    request: { connectorId: 1, csChargingProfiles: p },
  }),
  ev('ChargingProfileAccepted', s + 1, {
    writeId: w,
    chargingProfileId: p.chargingProfileId,
    connectorId: 1,
    chargingProfile: p,
  }),
];
const ledgerOf = (events: ChargerEvent[]) =>
  events.reduce((l, e) => evolveLedger(l, e, capabilitiesFor('zappi', {})), emptyLedger());

describe('Charger profiles as compliance sees them', () => {
  describe('when the CPO desires its own TxDefaultProfile beside the off-peak default', () => {
    const offPeak = profile(OFF_PEAK_DEFAULT_PROFILE_ID);
    const own = profile(7);
    const ledger = ledgerOf([desired(offPeak), ...written('w1', offPeak), desired(own, 10)]);

    it('finds the CPO profile, not the platform default', () => {
      expect(cpoTxDefaultProfileId(ledger)).toBe(7);
    });

    it('lists what is desired and confirmed; on zappi the new TxDefault supersedes the desired default', () => {
      expect(chargerProfileViews(ledger)).toEqual([
        { chargingProfileId: 7, connectorId: 1, desired: own, confirmed: null, inSync: false },
        {
          chargingProfileId: OFF_PEAK_DEFAULT_PROFILE_ID,
          connectorId: 1,
          desired: null,
          confirmed: offPeak,
          inSync: false,
        },
      ]);
    });
  });

  describe('when an accepted TxDefaultProfile replaces another on zappi', () => {
    it('drops the replaced one from what is confirmed', () => {
      const a = profile(1);
      const b = profile(2);
      const ledger = ledgerOf([desired(a), ...written('w1', a), desired(b, 10), ...written('w2', b, 10)]);
      expect(chargerProfileViews(ledger)).toEqual([
        { chargingProfileId: 2, connectorId: 1, desired: b, confirmed: b, inSync: true },
      ]);
    });
  });

  describe('when a transaction stops', () => {
    it('forgets its TxProfile (Q10)', () => {
      const tx = profile(10, 'TxProfile', 5);
      const ledger = ledgerOf([
        ev('TransactionStarted', 0, {
          connectorId: 1,
          transactionId: 5,
          idTag: 't',
          meterStartWh: 0,
          startedAt: at(0),
        }),
        desired(tx),
        ...written('w1', tx),
        ev('TransactionStopped', 60, { transactionId: 5, meterStopWh: 1, stoppedAt: at(60), reason: null }),
      ]);
      expect(chargerProfileViews(ledger)).toEqual([]);
      expect(cpoTxDefaultProfileId(ledger)).toBeNull();
    });
  });
});
