import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { limitAt } from '../delay/schedule-limit.js';
import { londonDateTime } from '../time/london-time.js';
import { buildOffPeakDefault, GB_PEAK_WINDOWS, type OffPeakDefaultRequest } from './off-peak-default.js';

const at = (iso: string) => Date.parse(iso);
const request = (nowIso: string, overrides: Partial<OffPeakDefaultRequest> = {}): OffPeakDefaultRequest => ({
  nowMs: at(nowIso),
  connectorId: 1,
  allowLimitA: 32,
  blockedWindows: GB_PEAK_WINDOWS,
  overrideUntilMs: null,
  horizonDays: 7,
  leadSeconds: 12 * 3600,
  ...overrides,
});

/** Whether 08:00–11:00 or 16:00–22:00 Europe/London on a weekday. */
function inPeak(ms: number): boolean {
  const t = londonDateTime(ms);
  const minute = t.hour * 60 + t.minute;
  return t.weekday <= 5 && ((minute >= 480 && minute < 660) || (minute >= 960 && minute < 1320));
}

/** Checks every minute the profile covers: 0 A exactly in weekday peak hours, 32 A at every other time. */
function expectPeakBlockedEveryMinute(profile: ChargingProfile, fromMs: number, toMs: number): void {
  const wrong: string[] = [];
  for (let t = fromMs; t < toMs; t += 60_000) {
    const expected = inPeak(t) ? 0 : 32;
    if (limitAt(profile, t) !== expected) wrong.push(new Date(t).toISOString());
  }
  expect(wrong).toEqual([]);
}

/** The UTC blocks of one local weekday, read off the profile. */
function blocksOn(profile: ChargingProfile, dayStartIso: string): string[] {
  const start = at(dayStartIso);
  const blocks: string[] = [];
  let inBlock = false;
  for (let t = start; t < start + 86_400_000; t += 60_000) {
    const blocked = limitAt(profile, t) === 0;
    if (blocked !== inBlock) blocks.push(`${blocked ? 'from' : 'to'} ${new Date(t).toISOString().slice(11, 16)}Z`);
    inBlock = blocked;
  }
  return blocks;
}

describe('Default off-peak hours (reg 10)', () => {
  describe.each([
    ['spring 2026', '2026-03-23T09:30:00Z', '2026-03-29T01:00:00Z'],
    ['autumn 2026', '2026-10-19T12:00:00Z', '2026-10-25T01:00:00Z'],
    ['spring 2027', '2027-03-22T12:00:00Z', '2027-03-28T01:00:00Z'],
    ['autumn 2027', '2027-10-25T12:00:00Z', '2027-10-31T01:00:00Z'],
  ])('around the %s clock change', (_name, issuedBefore, change) => {
    const before = buildOffPeakDefault(request(issuedBefore));

    it('sends, before the change, a schedule that ends at the change and asks to be re-issued 12 h ahead of it', () => {
      expect(before.horizonEndMs).toBe(at(change));
      expect(before.nextWriteReason).toBe('clock-change');
      expect(before.nextWriteAtMs).toBe(at(change) - 12 * 3_600_000);
      expectPeakBlockedEveryMinute(
        before.profile,
        Date.parse(before.profile.chargingSchedule.startSchedule!),
        before.horizonEndMs,
      );
    });

    it('re-issues, ahead of the change, a schedule that keeps 08:00–11:00 and 16:00–22:00 local blocked on the weekdays after it', () => {
      const after = buildOffPeakDefault(request(new Date(before.nextWriteAtMs).toISOString()));
      expect(after.horizonEndMs).toBeGreaterThan(at(change) + 5 * 86_400_000);
      expect(after.nextWriteReason).toBe('horizon-end');
      expectPeakBlockedEveryMinute(
        after.profile,
        Date.parse(after.profile.chargingSchedule.startSchedule!),
        after.horizonEndMs,
      );
    });
  });

  it('moves the UTC blocks by an hour across the spring change, with local time unchanged', () => {
    const before = buildOffPeakDefault(request('2026-03-23T09:30:00Z'));
    const after = buildOffPeakDefault(request(new Date(before.nextWriteAtMs).toISOString()));
    expect(blocksOn(before.profile, '2026-03-27T00:00:00Z')).toEqual([
      'from 08:00Z',
      'to 11:00Z',
      'from 16:00Z',
      'to 22:00Z',
    ]);
    expect(blocksOn(after.profile, '2026-03-30T00:00:00Z')).toEqual([
      'from 07:00Z',
      'to 10:00Z',
      'from 15:00Z',
      'to 21:00Z',
    ]);
  });

  it('starts a minute ago, is an Absolute TxDefaultProfile with the reserved id, and fits in 21 slots a week', () => {
    const built = buildOffPeakDefault(request('2026-11-25T10:00:30Z'));
    expect(built.profile).toMatchObject({
      chargingProfileId: 2_000_000_001,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      stackLevel: 0,
    });
    expect(built.profile.chargingSchedule.startSchedule).toBe('2026-11-25T09:59:00Z');
    expect(built.profile.chargingSchedule.chargingSchedulePeriod[0]).toEqual({ startPeriod: 0, limit: 0 });
    expect(built.profile.chargingSchedule.chargingSchedulePeriod.length).toBeLessThanOrEqual(21);
    expect(built.horizonEndMs).toBe(at('2026-12-02T00:00:00Z'));
    expect(built.nextWriteAtMs).toBe(at('2026-12-01T12:00:00Z'));
  });

  it('leaves weekends open', () => {
    const built = buildOffPeakDefault(request('2026-11-27T23:00:00Z'));
    expect(blocksOn(built.profile, '2026-11-28T00:00:00Z')).toEqual([]);
    expect(blocksOn(built.profile, '2026-11-29T00:00:00Z')).toEqual([]);
  });

  it("uses the owner's own windows when the owner changed them", () => {
    const built = buildOffPeakDefault(
      request('2026-11-25T00:30:00Z', { blockedWindows: [{ from: '17:00', to: '19:30' }] }),
    );
    expect(blocksOn(built.profile, '2026-11-26T00:00:00Z')).toEqual(['from 17:00Z', 'to 19:30Z']);
  });

  it("lifts the blocks before the owner's override ends, and keeps the later ones", () => {
    const built = buildOffPeakDefault(request('2026-11-25T07:00:00Z', { overrideUntilMs: at('2026-11-25T17:00:00Z') }));
    expect(blocksOn(built.profile, '2026-11-25T00:00:00Z')).toEqual(['from 17:00Z', 'to 22:00Z']);
    expect(blocksOn(built.profile, '2026-11-26T00:00:00Z')).toEqual([
      'from 08:00Z',
      'to 11:00Z',
      'from 16:00Z',
      'to 22:00Z',
    ]);
  });
});
