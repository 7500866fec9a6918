import { decideDelays, type DelayOutcome, type DelayRequest } from './evaluate-delays.js';
import { seededRandomSource, type RandomSource } from './random-source.js';
import { aDailyProfile, anAbsoluteProfile, HOUR, startsOf, T0 } from '../test-builders.js';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';

const request = (profile: ChargingProfile, overrides: Partial<DelayRequest> = {}): DelayRequest => ({
  profile,
  nowMs: T0,
  maxDelaySeconds: 600,
  exemptAll: null,
  exemptNext: false,
  random: seededRandomSource(42),
  installation: null,
  ...overrides,
});
const delayed = (outcome: DelayOutcome) => {
  if (outcome.kind !== 'delayed') throw new Error(`expected delays, got ${outcome.kind}`);
  return outcome;
};
/** A source that always draws its maximum: shows each bound. */
const maximal: RandomSource = { name: 'max', int: (max) => max };
const anchorOf = (p: ChargingProfile) => Date.parse(p.chargingSchedule.startSchedule!);

describe('Platform randomised delay (reg 11)', () => {
  describe('given an Absolute profile that starts in an hour, falls, rises and ends', () => {
    const nominal = anAbsoluteProfile();

    it('delays every relevant time: the start, the fall, the rise and the end', () => {
      const outcome = delayed(decideDelays(request(nominal)));
      expect(outcome.delays.map((d) => [d.relevant.change, d.relevant.nominalOffset])).toEqual([
        ['start', 0],
        ['decrease', 7200],
        ['increase', 14_400],
        ['end', 21_600],
      ]);
    });

    it('moves each relevant time by its own draw and keeps every other instant', () => {
      const outcome = delayed(decideDelays(request(nominal)));
      const [start, fall, rise, end] = outcome.delays.map((d) => d.delaySeconds) as [number, number, number, number];
      const anchor = anchorOf(outcome.profile);
      expect(anchor).toBe(anchorOf(nominal) + start * 1000);
      expect(startsOf(outcome.profile).map((s) => anchor + s * 1000)).toEqual([
        anchorOf(nominal) + start * 1000,
        anchorOf(nominal) + (7200 + fall) * 1000,
        anchorOf(nominal) + (14_400 + rise) * 1000,
      ]);
      expect(anchor + outcome.profile.chargingSchedule.duration! * 1000).toBe(
        anchorOf(nominal) + (21_600 + end) * 1000,
      );
      expect(new Set([start, fall, rise, end]).size).toBeGreaterThan(1);
    });

    it('draws whole seconds within 0..max and keeps the number of periods (slots)', () => {
      const outcome = delayed(decideDelays(request(nominal)));
      for (const d of outcome.delays) {
        expect(Number.isInteger(d.delaySeconds)).toBe(true);
        expect(d.delaySeconds).toBeGreaterThanOrEqual(0);
        expect(d.delaySeconds).toBeLessThanOrEqual(600);
        expect(d.boundSeconds).toBe(600);
      }
      expect(outcome.profile.chargingSchedule.chargingSchedulePeriod).toHaveLength(3);
      expect(outcome.profile.chargingSchedule.startSchedule).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it('uses a remotely changed maximum (1800 s) as the bound of every draw', () => {
      const outcome = delayed(decideDelays(request(nominal, { maxDelaySeconds: 1800, random: maximal })));
      expect(outcome.delays.map((d) => d.delaySeconds)).toEqual([1800, 1800, 1800, 1800]);
    });

    it('no longer counts relevant times that are already past', () => {
      const outcome = delayed(decideDelays(request(nominal, { nowMs: T0 + 4 * HOUR })));
      expect(outcome.delays.map((d) => d.relevant.change)).toEqual(['increase', 'end']);
      expect(outcome.profile.chargingSchedule.startSchedule).toBe(nominal.chargingSchedule.startSchedule);
    });
  });

  describe('given boundaries closer than the maximum', () => {
    it('bounds each draw so no boundary reaches the next one', () => {
      const close = anAbsoluteProfile({
        chargingSchedule: {
          duration: 400,
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 16 },
            { startPeriod: 100, limit: 6 },
            { startPeriod: 250, limit: 32 },
          ],
        },
      });
      const outcome = delayed(decideDelays(request(close, { random: maximal })));
      expect(outcome.delays.map((d) => [d.relevant.change, d.boundSeconds])).toEqual([
        ['start', 99],
        ['decrease', 149],
        ['increase', 149],
        ['end', 600],
      ]);
      expect(startsOf(outcome.profile)).toEqual([0, 100 + 149 - 99, 250 + 149 - 99]);
      expect(outcome.profile.chargingSchedule.duration).toBe(400 + 600 - 99);
    });
  });

  describe('given a period that does not change the rate', () => {
    it('leaves that boundary alone; a change of phases is a change of rate', () => {
      const same = anAbsoluteProfile({
        chargingSchedule: {
          duration: undefined,
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 16 },
            { startPeriod: 600, limit: 16 },
            { startPeriod: 1200, limit: 16, numberPhases: 1 },
          ],
        },
      });
      const outcome = delayed(decideDelays(request(same, { nowMs: T0 + HOUR + 300_000 })));
      expect(outcome.delays.map((d) => [d.relevant.change, d.relevant.nominalOffset])).toEqual([['decrease', 1200]]);
    });
  });

  describe('given a Recurring Daily profile (§7)', () => {
    const nominal = aDailyProfile();

    it('delays the daily start at 00:30 and the stop at 07:00, not the midnight restart (same rate)', () => {
      const outcome = delayed(decideDelays(request(nominal)));
      expect(outcome.delays.map((d) => [d.relevant.change, d.relevant.nominalOffset, d.relevant.nominalAtMs])).toEqual([
        ['increase', 1800, Date.parse('2026-11-26T00:30:00Z')],
        ['decrease', 25_200, Date.parse('2026-11-26T07:00:00Z')],
      ]);
      expect(startsOf(outcome.profile)).toEqual([
        0,
        1800 + outcome.delays[0]!.delaySeconds,
        25_200 + outcome.delays[1]!.delaySeconds,
      ]);
      expect(outcome.profile.chargingSchedule).toMatchObject({
        duration: 86_400,
        startSchedule: '2025-01-06T00:00:00Z',
      });
    });

    it('schedules the next draw (a daily refresh) in the longest steady stretch, at least an hour ahead', () => {
      const outcome = delayed(decideDelays(request(nominal)));
      const refresh = outcome.refreshAtMs!;
      expect(refresh).toBeGreaterThanOrEqual(T0 + HOUR);
      expect(refresh).toBeLessThan(T0 + 25 * HOUR);
      const minuteOfDay = (refresh % 86_400_000) / 60_000;
      // The longest stretch runs 07:00 (+delay) to 00:30: its middle half is about 11:20 to 20:10 UTC.
      expect(minuteOfDay).toBeGreaterThan(11 * 60);
      expect(minuteOfDay).toBeLessThan(20 * 60 + 15);
    });

    it('delays a midnight restart that changes the rate by moving startSchedule, keeping the other instants', () => {
      const wrap = aDailyProfile({
        chargingSchedule: {
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 32 },
            { startPeriod: 25_200, limit: 0 },
          ],
        },
      });
      const outcome = delayed(decideDelays(request(wrap)));
      const [restart, stop] = outcome.delays;
      expect([restart!.relevant.change, stop!.relevant.change]).toEqual(['increase', 'decrease']);
      expect(anchorOf(outcome.profile)).toBe(anchorOf(wrap) + restart!.delaySeconds * 1000);
      expect(startsOf(outcome.profile)).toEqual([0, 25_200 + stop!.delaySeconds - restart!.delaySeconds]);
      expect(outcome.profile.chargingSchedule.duration).toBe(86_400);
    });

    it('delays the start and the end of a recurring window shorter than a day', () => {
      const window = aDailyProfile({
        chargingSchedule: { duration: 21_600, chargingSchedulePeriod: [{ startPeriod: 0, limit: 32 }] },
      });
      const outcome = delayed(decideDelays(request(window, { random: maximal })));
      expect(outcome.delays.map((d) => [d.relevant.change, d.delaySeconds])).toEqual([
        ['start', 600],
        ['end', 600],
      ]);
      expect(outcome.profile.chargingSchedule.duration).toBe(21_600);
      expect(anchorOf(outcome.profile)).toBe(anchorOf(window) + 600_000);
    });
  });

  describe('given a Relative profile', () => {
    it("delays its rate changes; its start is the start of charging, not the platform's to time", () => {
      const relative = anAbsoluteProfile({
        chargingProfileKind: 'Relative',
        chargingSchedule: { startSchedule: undefined, duration: undefined },
      });
      const outcome = delayed(decideDelays(request(relative)));
      expect(outcome.delays.map((d) => [d.relevant.change, d.relevant.nominalAtMs])).toEqual([
        ['decrease', null],
        ['increase', null],
      ]);
    });
  });

  describe('exemptions', () => {
    it('delays nothing under DSR response or a standing override, and says why for each relevant time', () => {
      const dsr = decideDelays(request(anAbsoluteProfile(), { exemptAll: 'dsr-response' }));
      expect(dsr).toMatchObject({ kind: 'exempt', reason: 'dsr-response', overrideUsed: false });
      expect(dsr.kind === 'exempt' && dsr.exemptions.map((e) => e.reason)).toEqual([
        'dsr-response',
        'dsr-response',
        'dsr-response',
        'dsr-response',
      ]);
    });

    it('leaves only the next relevant time undelayed under a next-relevant-time override', () => {
      const nominal = anAbsoluteProfile();
      const outcome = delayed(decideDelays(request(nominal, { exemptNext: true, random: maximal })));
      expect(outcome.exemptions.map((e) => [e.relevant.change, e.reason])).toEqual([['start', 'owner-override']]);
      expect(outcome.delays.map((d) => d.relevant.change)).toEqual(['decrease', 'increase', 'end']);
      expect(outcome.overrideUsed).toBe(true);
      expect(outcome.profile.chargingSchedule.startSchedule).toBe(nominal.chargingSchedule.startSchedule);
    });
  });

  describe('given a profile that cannot be analysed or has nothing to delay', () => {
    it.each<[string, ChargingProfile]>([
      [
        'a first period after 0',
        anAbsoluteProfile({ chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 60, limit: 16 }] } }),
      ],
      [
        'periods out of order',
        anAbsoluteProfile({
          chargingSchedule: {
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16 },
              { startPeriod: 900, limit: 6 },
              { startPeriod: 600, limit: 32 },
            ],
          },
        }),
      ],
      ['a recurring profile without recurrencyKind', aDailyProfile({ recurrencyKind: undefined })],
      [
        'an Absolute profile entirely in the past',
        anAbsoluteProfile({ chargingSchedule: { startSchedule: '2026-11-20T00:00:00Z' } }),
      ],
    ])('returns it unchanged (%s)', (_name, profile) => {
      expect(decideDelays(request(profile))).toEqual({ kind: 'nothing-to-delay' });
    });
  });
});
