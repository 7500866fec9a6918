import type { ChargerEvent } from '@chargeplane/contracts-events';
import {
  accepted,
  aProfile,
  aReadyZappi,
  booted,
  configured,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  failed,
  iso,
  MINUTE,
  registered,
  rejected,
  T0,
  twinOf,
} from './test-builders.js';
import { twinColumns, viewTwin } from './view.js';

const p1 = aProfile();
const p2 = aProfile({}, 2);
const installed = [...aReadyZappi(), desired(p1), dispatched('w1', p1), accepted('w1', p1)];
const GUARD = 30_000;
const syncOf = (events: ChargerEvent[]) => viewTwin(twinOf(events), T0).profiles.map((p) => p.sync);
/** 24 writes, one a minute from T0 (T0 … T0 + 23 min), all accepted. */
const busy = [
  ...aReadyZappi(),
  desired(p1),
  ...Array.from({ length: 24 }, (_, i) => [
    dispatched(`w${i}`, p1, T0 + i * MINUTE),
    accepted(`w${i}`, p1, T0 + i * MINUTE),
  ]).flat(),
];

describe('Charger twin', () => {
  describe('when a profile is viewed', () => {
    it.each<[string, ChargerEvent[], string]>([
      ['in-sync once the charger confirmed what is desired', installed, 'in-sync'],
      [
        'in-sync for the same profile written differently',
        [
          ...installed,
          desired({
            ...p1,
            chargingSchedule: { ...p1.chargingSchedule, startSchedule: '2026-11-25T00:00:00.000+00:00' },
          }),
        ],
        'in-sync',
      ],
      ['dispatched while a write is outstanding', [...installed, desired(p2), dispatched('w2', p2)], 'dispatched'],
      [
        'deferred while the write budget is spent',
        [...installed, desired(p2), deferred([1], T0 + 60 * MINUTE)],
        'deferred',
      ],
      ['deferred while another write goes first', [...installed, desired(p2)], 'deferred'],
      [
        'awaiting-connection when deferred for the connection',
        [...installed, disconnected(), desired(p2), deferred([1], null)],
        'awaiting-connection',
      ],
      [
        'deferred again once the charger is back (its configuration is read before writing)',
        [...installed, disconnected(), desired(p2), deferred([1], null), connected()],
        'deferred',
      ],
      [
        'awaiting-connection while the charger is offline',
        [...installed, disconnected(), desired(p2)],
        'awaiting-connection',
      ],
      [
        'awaiting-connection after a write found the charger offline',
        [...installed, desired(p2), dispatched('w2', p2), failed('w2', 1, 'offline')],
        'awaiting-connection',
      ],
      [
        'rejected after the charger refused it',
        [...installed, desired(p2), dispatched('w2', p2), rejected('w2', 1)],
        'rejected',
      ],
      [
        'failed after a CALLERROR',
        [...installed, desired(p2), dispatched('w2', p2), failed('w2', 1, 'call-error')],
        'failed',
      ],
    ])('is %s', (_name, events, sync) => {
      expect(syncOf(events)).toEqual([sync]);
    });

    it('shows where the profile is, what it is for, desired and confirmed, and the last error', () => {
      const view = viewTwin(twinOf([...installed, desired(p2), dispatched('w2', p2), rejected('w2', 1)]), T0);
      expect(view.profiles).toEqual([
        {
          connectorId: 1,
          chargingProfileId: 1,
          purpose: 'TxDefaultProfile',
          desired: p2,
          confirmed: p1,
          sync: 'rejected',
          lastError: { code: 'Rejected', description: 'charger answered Rejected' },
        },
      ]);
    });
  });

  describe('when the charger is viewed', () => {
    it('shows its facts, commercial mode and slots used by confirmed profiles (zappi: of 84)', () => {
      const view = viewTwin(twinOf([...installed, desired(p2)]), T0);
      expect(view).toMatchObject({
        model: 'zappi',
        jurisdiction: 'GB',
        vendor: 'myenergi',
        firmwareVersion: '5.5',
        commercialMode: true,
        connected: true,
        slots: { used: 1, max: 84 },
        version: 8,
      });
    });

    it('shows commercial mode as unknown until reported, and off when reported off', () => {
      expect(viewTwin(twinOf([registered()]), T0).commercialMode).toBeNull();
      // A reboot can lose it (Z17): unknown again until the configuration is read after the boot.
      expect(viewTwin(twinOf([...aReadyZappi(), booted('5.5')]), T0).commercialMode).toBeNull();
      expect(viewTwin(twinOf([registered(), configured({ CommercialMode: 'False' })]), T0).commercialMode).toBe(false);
    });

    it('shows no write budget and no slot pool for a generic charger', () => {
      expect(viewTwin(twinOf([registered('generic-ocpp16'), dispatched('w1', p1)]), T0)).toMatchObject({
        writeBudget: null,
        slots: { used: 0, max: null },
        commercialMode: null,
      });
    });
  });

  describe('when the write budget is viewed (computed at query time)', () => {
    const doc = twinOf(busy);

    it('is spent while 24 writes are in the last 60 minutes, and says when it frees', () => {
      // zappi's budget keeps a 30 s guard beyond the device's 60 minutes.
      expect(viewTwin(doc, T0 + 30 * MINUTE).writeBudget).toEqual({
        limit: 24,
        windowSeconds: 3600,
        used: 24,
        remaining: 0,
        nextAvailableAt: iso(T0 + 60 * MINUTE + GUARD),
      });
    });

    it('frees one write exactly when the oldest leaves the window, and not a millisecond before', () => {
      expect(viewTwin(doc, T0 + 60 * MINUTE + GUARD - 1).writeBudget).toMatchObject({ used: 24, remaining: 0 });
      expect(viewTwin(doc, T0 + 60 * MINUTE + GUARD).writeBudget).toMatchObject({
        used: 23,
        remaining: 1,
        nextAvailableAt: null,
      });
    });

    it('shows the same stored twin differently an hour later', () => {
      expect(viewTwin(doc, T0 + 90 * MINUTE).writeBudget).toEqual({
        limit: 24,
        windowSeconds: 3600,
        used: 0,
        remaining: 24,
        nextAvailableAt: null,
      });
    });
  });

  describe('when the filter columns are computed', () => {
    it('stores when a spent budget frees, for comparison at query time', () => {
      expect(twinColumns(twinOf(busy))).toEqual({
        connected: true,
        outOfSync: false,
        slotsUsed: 1,
        budgetExhaustedUntil: T0 + 60 * MINUTE + GUARD,
      });
    });

    it('stores no exhaustion while the budget had room at the last write', () => {
      expect(twinColumns(twinOf(busy.slice(0, -4))).budgetExhaustedUntil).toBeNull();
      expect(twinColumns(twinOf(aReadyZappi())).budgetExhaustedUntil).toBeNull();
    });

    it('marks a charger out of sync while any profile differs from what it confirmed', () => {
      expect(twinColumns(twinOf([...installed, desired(p2)]))).toMatchObject({ outOfSync: true, slotsUsed: 1 });
      expect(twinColumns(twinOf([...installed, disconnected()]))).toEqual({
        connected: false,
        outOfSync: false,
        slotsUsed: 1,
        budgetExhaustedUntil: null,
      });
    });
  });
});
