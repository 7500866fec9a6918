import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { compositeSteps, expectedComposite, type CompositeInput } from './expected-composite.js';
import { T0 } from './test-builders.js';

const HOUR = 3600;
type Period = { startPeriod: number; limit: number; numberPhases?: number };
const profile = (
  o: Partial<ChargingProfile> & { periods?: Period[]; start?: string; unit?: 'A' | 'W'; duration?: number },
): ChargingProfile => ({
  chargingProfileId: o.chargingProfileId ?? 1,
  stackLevel: o.stackLevel ?? 0,
  chargingProfilePurpose: o.chargingProfilePurpose ?? 'TxDefaultProfile',
  chargingProfileKind: o.chargingProfileKind ?? 'Absolute',
  ...(o.recurrencyKind ? { recurrencyKind: o.recurrencyKind } : {}),
  ...(o.transactionId !== undefined ? { transactionId: o.transactionId } : {}),
  ...(o.validFrom ? { validFrom: o.validFrom } : {}),
  ...(o.validTo ? { validTo: o.validTo } : {}),
  chargingSchedule: {
    startSchedule: o.start ?? '2026-11-25T00:00:00Z',
    chargingRateUnit: o.unit ?? 'A',
    ...(o.duration ? { duration: o.duration } : {}),
    chargingSchedulePeriod: o.periods ?? [{ startPeriod: 0, limit: 16 }],
  },
});
const input = (
  profiles: { connectorId?: number; profile: ChargingProfile }[],
  o: Partial<CompositeInput> = {},
): CompositeInput => ({
  profiles: profiles.map((p) => ({ connectorId: p.connectorId ?? 1, profile: p.profile })),
  connectorId: 1,
  fromMs: T0, // Wednesday 10:00 UTC
  unit: 'A',
  transaction: null,
  ...o,
});
const daily = (o: Parameters<typeof profile>[0]) =>
  profile({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily', ...o });

describe('Expected composite schedule', () => {
  describe('Absolute profiles', () => {
    it('gives the periods from the schedule start, relative to the asked start', () => {
      const p = profile({
        periods: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 11 * HOUR, limit: 10 },
        ],
      });
      expect(expectedComposite(input([{ profile: p }]), 86_400)).toEqual([
        { startPeriod: 0, limit: 16 },
        { startPeriod: HOUR, limit: 10 },
      ]);
    });

    it('shows a change at a fractional second from the next whole second', () => {
      const p = profile({
        start: '2026-11-25T09:00:00.500Z',
        periods: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: HOUR, limit: 10 },
        ],
      });
      expect(expectedComposite(input([{ profile: p }]), 60)).toEqual([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 1, limit: 10 },
      ]);
    });

    it('has no limit before validFrom and after validTo', () => {
      const p = profile({ validFrom: '2026-11-25T12:00:00Z', validTo: '2026-11-25T13:00:00Z' });
      expect(expectedComposite(input([{ profile: p }]), 86_400)).toEqual([
        { startPeriod: 0, limit: null },
        { startPeriod: 2 * HOUR, limit: 16 },
        { startPeriod: 3 * HOUR, limit: null },
      ]);
    });
  });

  describe('Recurring Daily profiles', () => {
    it('repeats the spec example (6 kW 08:00–20:00, 11 kW otherwise) every 24 h', () => {
      const p = daily({
        start: '2013-01-01T00:00:00Z',
        unit: 'W',
        duration: 86_400,
        periods: [
          { startPeriod: 0, limit: 11000 },
          { startPeriod: 28_800, limit: 6000 },
          { startPeriod: 72_000, limit: 11000 },
        ],
      });
      expect(expectedComposite(input([{ profile: p }], { unit: 'W' }), 86_400)).toEqual([
        { startPeriod: 0, limit: 6000 },
        { startPeriod: 10 * HOUR, limit: 11000 },
        { startPeriod: 22 * HOUR, limit: 6000 },
      ]);
    });

    it('restarts at the time of day of startSchedule, not at midnight, and lets nothing run after its duration', () => {
      const p = daily({ start: '2026-11-20T22:00:00Z', duration: 8 * HOUR, periods: [{ startPeriod: 0, limit: 6 }] });
      expect(expectedComposite(input([{ profile: p }]), 86_400)).toEqual([
        { startPeriod: 0, limit: null },
        { startPeriod: 12 * HOUR, limit: 6 },
        { startPeriod: 20 * HOUR, limit: null },
      ]);
    });
  });

  describe('stacking', () => {
    const base = daily({ chargingProfileId: 1, start: '2026-11-01T00:00:00Z', duration: 86_400 });

    it('lets the highest active stack level prevail and the lower one show again when it ends', () => {
      const holiday = profile({
        chargingProfileId: 2,
        stackLevel: 1,
        start: '2026-11-25T12:00:00Z',
        duration: 2 * HOUR,
        periods: [{ startPeriod: 0, limit: 10 }],
      });
      expect(expectedComposite(input([{ profile: base }, { profile: holiday }]), 86_400)).toEqual([
        { startPeriod: 0, limit: 16 },
        { startPeriod: 2 * HOUR, limit: 10 },
        { startPeriod: 4 * HOUR, limit: 16 },
      ]);
    });

    it('lets a higher stack level win even with a higher limit', () => {
      const boost = profile({ chargingProfileId: 2, stackLevel: 1, periods: [{ startPeriod: 0, limit: 32 }] });
      expect(expectedComposite(input([{ profile: base }, { profile: boost }]), 3600)).toEqual([
        { startPeriod: 0, limit: 32 },
      ]);
    });

    it('caps the transaction limit with the ChargePointMaxProfile (minimum of the purposes)', () => {
      const cap = profile({
        chargingProfileId: 3,
        chargingProfilePurpose: 'ChargePointMaxProfile',
        periods: [{ startPeriod: 0, limit: 10 }],
      });
      expect(expectedComposite(input([{ profile: base }, { connectorId: 0, profile: cap }]), 3600)).toEqual([
        { startPeriod: 0, limit: 10 },
      ]);
    });

    it('prefers a TxDefaultProfile on the connector to one on connector 0', () => {
      const all = profile({ chargingProfileId: 4, periods: [{ startPeriod: 0, limit: 6 }] });
      const own = profile({ chargingProfileId: 5, periods: [{ startPeriod: 0, limit: 20 }] });
      expect(expectedComposite(input([{ connectorId: 0, profile: all }, { profile: own }]), 3600)).toEqual([
        { startPeriod: 0, limit: 20 },
      ]);
      expect(expectedComposite(input([{ connectorId: 0, profile: all }]), 3600)).toEqual([
        { startPeriod: 0, limit: 6 },
      ]);
    });

    it('uses the running transaction’s TxProfile over the TxDefaultProfile, and only for that transaction', () => {
      const tx = profile({
        chargingProfileId: 6,
        chargingProfilePurpose: 'TxProfile',
        transactionId: 17,
        periods: [{ startPeriod: 0, limit: 8 }],
      });
      const running = { transactionId: 17, startedAtMs: T0 - 60_000 };
      expect(expectedComposite(input([{ profile: base }, { profile: tx }], { transaction: running }), 3600)).toEqual([
        { startPeriod: 0, limit: 8 },
      ]);
      expect(
        expectedComposite(
          input([{ profile: base }, { profile: tx }], { transaction: { ...running, transactionId: 18 } }),
          3600,
        ),
      ).toEqual([{ startPeriod: 0, limit: 16 }]);
      expect(expectedComposite(input([{ profile: base }, { profile: tx }]), 3600)).toEqual([
        { startPeriod: 0, limit: 16 },
      ]);
    });
  });

  it('converts W to A per phase at 230 V (3 phases unless the period says otherwise)', () => {
    const p = profile({
      unit: 'W',
      periods: [
        { startPeriod: 0, limit: 11040 },
        { startPeriod: 11 * HOUR, limit: 3680, numberPhases: 1 },
      ],
    });
    expect(expectedComposite(input([{ profile: p }]), 86_400)).toEqual([{ startPeriod: 0, limit: 16 }]);
  });

  it('has no limit at all without profiles', () => {
    expect(expectedComposite(input([]), 86_400)).toEqual([{ startPeriod: 0, limit: null }]);
  });

  it('can look before the schedule start (negative seconds) to find earlier changes', () => {
    const p = profile({
      periods: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 10 * HOUR - 100, limit: 10 },
      ],
    });
    expect(compositeSteps(input([{ profile: p }]), -600, 60)).toEqual([
      { second: -600, limit: 16 },
      { second: -100, limit: 10 },
    ]);
  });
});
