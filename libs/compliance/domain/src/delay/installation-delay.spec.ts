import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { ProfileRefusedError } from '@chargeplane/contracts-api';
import { capabilitiesFor, type InstalledProfile } from '@chargeplane/smart-charging-domain';
import { aDailyProfile, anAbsoluteProfile, DAY, HOUR, iso, MINUTE, startsOf, T0 } from '../test-builders.js';
import { nextLondonClockChange, londonOffsetSeconds } from '../time/london-time.js';
import { decideDelays, type DelayOutcome, type DelayRequest } from './evaluate-delays.js';
import { limitInForce } from './limit-in-force.js';
import { seededRandomSource, type RandomSource } from './random-source.js';
import { periodAt } from './schedule-limit.js';

const zappi = capabilitiesFor('zappi', {});
/** A source that always draws its maximum: shows each bound. */
const maximal: RandomSource = { name: 'max', int: (max) => max };
const utc = (ms: number) => iso(ms).replace('.000Z', 'Z');
const on = (profile: ChargingProfile, connectorId = 1): InstalledProfile => ({ connectorId, profile });
const request = (
  profile: ChargingProfile,
  installed: InstalledProfile[],
  o: Partial<DelayRequest> = {},
): DelayRequest => ({
  profile,
  nowMs: T0,
  maxDelaySeconds: 600,
  exemptAll: null,
  exemptNext: false,
  random: seededRandomSource(11),
  installation: { installed, connectorId: 1, caps: zappi },
  ...o,
});
const delayed = (outcome: DelayOutcome) => {
  if (outcome.kind !== 'delayed') throw new Error(`expected delays, got ${outcome.kind}`);
  return outcome;
};
const atInstallation = (outcome: Extract<DelayOutcome, { kind: 'delayed' }>) =>
  outcome.delays.find((d) => d.relevant.point.at === 'installation');
/** What the charger runs on connector 1 at `t` once the delivered profile replaced what it held. */
const limitAfter = (installed: InstalledProfile[], delivered: ChargingProfile, t: number) =>
  limitInForce(
    [...installed.filter((p) => p.profile.chargingProfilePurpose !== 'TxDefaultProfile'), on(delivered)],
    1,
    t,
    'A',
  );

/** A TxDefaultProfile in force since yesterday: 16 A, open-ended. */
const confirmedDefault = on(
  anAbsoluteProfile({
    chargingProfileId: 100,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingSchedule: {
      startSchedule: iso(T0 - DAY),
      duration: undefined,
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
    },
  }),
);
/** A replacing TxDefaultProfile from a minute ago: 6 A for two hours, then 32 A, open-ended. */
const lowerNow = anAbsoluteProfile({
  chargingProfileId: 101,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingSchedule: {
    startSchedule: iso(T0 - MINUTE),
    duration: undefined,
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 6 },
      { startPeriod: 7260, limit: 32 },
    ],
  },
});

describe('GB platform mode: the write itself is a relevant time (rule G1)', () => {
  describe('given a charger running 16 A from its TxDefaultProfile', () => {
    describe('when a TxDefaultProfile that limits to 6 A from a minute ago replaces it', () => {
      const outcome = delayed(decideDelays(request(lowerNow, [confirmedDefault])));
      const install = atInstallation(outcome)!;

      it('draws a delay of its own for the decrease at installation, in 0..max', () => {
        expect(install.relevant).toMatchObject({ change: 'decrease', nominalOffset: 60, nominalAtMs: T0 });
        expect(install.boundSeconds).toBe(600);
        expect(install.delaySeconds).toBeGreaterThan(0);
        expect(install.delaySeconds).toBeLessThanOrEqual(600);
        expect(outcome.installation).toMatchObject({ method: 'hold', before: 16, after: 6 });
      });

      it('holds the previous 16 A in a leading period for the drawn seconds, then runs the profile at its own instants', () => {
        const d = install.delaySeconds;
        const p = outcome.profile;
        expect(p.chargingSchedule.startSchedule).toBe(utc(T0));
        expect(p.chargingSchedule.chargingSchedulePeriod).toEqual([
          { startPeriod: 0, limit: 16 },
          { startPeriod: d, limit: 6 },
          { startPeriod: 7200 + outcome.delays[0]!.delaySeconds, limit: 32 },
        ]);
        expect(limitAfter([confirmedDefault], p, T0 + (d - 1) * 1000)).toBe(16);
        expect(limitAfter([confirmedDefault], p, T0 + d * 1000)).toBe(6);
      });

      it('costs one slot more than the nominal profile (zappi: every period is a slot)', () => {
        expect(startsOf(outcome.profile)).toHaveLength(lowerNow.chargingSchedule.chargingSchedulePeriod.length + 1);
      });
    });

    it('draws a fresh, independent delay for the installation at every write', () => {
      const draws = [1, 2, 3, 4, 5, 6].map(
        (seed) =>
          atInstallation(
            delayed(decideDelays(request(lowerNow, [confirmedDefault], { random: seededRandomSource(seed) }))),
          )!.delaySeconds,
      );
      expect(new Set(draws).size).toBeGreaterThan(3);
    });

    it('refuses, with the slots it would need, a profile whose leading period does not fit the 84 slots', () => {
      const full = anAbsoluteProfile({
        chargingProfileId: 101,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingSchedule: {
          startSchedule: iso(T0 - MINUTE),
          duration: undefined,
          chargingSchedulePeriod: Array.from({ length: 84 }, (_, i) => ({
            startPeriod: i * 3600,
            limit: i % 2 ? 32 : 6,
          })),
        },
      });
      let refused: unknown;
      try {
        decideDelays(request(full, [confirmedDefault]));
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(ProfileRefusedError);
      expect(refused).toMatchObject({
        code: 'SLOTS_EXCEEDED',
        details: { reason: 'SLOTS_EXCEEDED', slotsNeeded: 85, slotPool: 84 },
      });
    });

    it('adds nothing when the write keeps the limit in force (16 A before and after)', () => {
      const same = anAbsoluteProfile({
        chargingProfileId: 101,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingSchedule: {
          startSchedule: iso(T0 - MINUTE),
          duration: undefined,
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
        },
      });
      expect(decideDelays(request(same, [confirmedDefault])).kind).toBe('nothing-to-delay');
    });
  });

  describe('given a charger with nothing installed (no limit)', () => {
    it('starts a profile that limits it from now the drawn seconds later instead: no extra slot', () => {
      const outcome = delayed(decideDelays(request(lowerNow, [], { random: maximal })));
      expect(outcome.installation).toMatchObject({ method: 'late-start', before: null, after: 6 });
      expect(outcome.profile.chargingSchedule.startSchedule).toBe(utc(T0 + 600_000));
      expect(outcome.profile.chargingSchedule.chargingSchedulePeriod).toEqual([
        { startPeriod: 0, limit: 6 },
        { startPeriod: 7200, limit: 32 }, // the rise at 7260 s drew 600 s too
      ]);
    });
  });

  describe('given a TxProfile over the 16 A default', () => {
    it('starts a 6 A TxProfile later: the default keeps its 16 A meanwhile', () => {
      const tx = anAbsoluteProfile({
        transactionId: 7,
        chargingSchedule: {
          startSchedule: iso(T0 - MINUTE),
          duration: undefined,
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }],
        },
      });
      const outcome = delayed(decideDelays(request(tx, [confirmedDefault])));
      const d = atInstallation(outcome)!.delaySeconds;
      expect(outcome.installation?.method).toBe('late-start');
      expect(outcome.profile.chargingSchedule.startSchedule).toBe(utc(T0 + d * 1000));
      expect(startsOf(outcome.profile)).toEqual([0]);
    });
  });
});

describe('GB platform mode: a recurring profile keeps the charger under its TxDefault (rule G2)', () => {
  /** 32 A from the anchor, 0 A from 07:00 after it: the daily restart raises the rate. */
  const restarting = (anchorMs: number) =>
    aDailyProfile({
      chargingSchedule: {
        startSchedule: iso(anchorMs),
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 32 },
          { startPeriod: 25_200, limit: 0 },
        ],
      },
    });

  describe('when a Daily profile anchored a minute ago is delayed', () => {
    const nominal = restarting(T0 - MINUTE);
    const outcomes = [1, 2, 3, 4, 5].map((seed) =>
      delayed(decideDelays(request(nominal, [], { random: seededRandomSource(seed), installation: null }))),
    );

    it('installs it with startSchedule at or before the moment of installation, whatever the draw', () => {
      for (const o of outcomes) expect(Date.parse(o.profile.chargingSchedule.startSchedule!)).toBeLessThanOrEqual(T0);
    });

    it('runs it from installation: the previous cycle holds until the delayed restart, every instant as drawn', () => {
      for (const o of outcomes) {
        const [restart, stop] = o.delays;
        expect(periodAt(o.profile, T0)).not.toBeNull();
        const restartAt = T0 - MINUTE + restart!.delaySeconds * 1000;
        if (restart!.delaySeconds > 60) expect(periodAt(o.profile, restartAt - 1000)?.limit).toBe(0);
        expect(periodAt(o.profile, restartAt)?.limit).toBe(32);
        const stopAt = T0 - MINUTE + (25_200 + stop!.delaySeconds) * 1000;
        expect(periodAt(o.profile, stopAt - 1000)?.limit).toBe(32);
        expect(periodAt(o.profile, stopAt)?.limit).toBe(0);
      }
    });

    it('keeps every period inside the 86400 s cycle', () => {
      for (const o of outcomes) expect(Math.max(...startsOf(o.profile))).toBeLessThan(86_400);
    });
  });

  describe('when a Daily profile replaces a running default in the middle of its day', () => {
    // Both sides of the next BST/GMT change after T0: the hold sits at the instant of installation either way.
    const change = nextLondonClockChange(T0, T0 + 200 * DAY)!;
    for (const nowMs of [change - 2 * HOUR, change + 2 * HOUR]) {
      const side = londonOffsetSeconds(nowMs) === 0 ? 'GMT' : 'BST';
      it(`holds the previous limit inside the cycle for the draw, and re-issues it before the hold comes round (${side})`, () => {
        const daily = aDailyProfile({
          chargingProfileId: 101,
          chargingSchedule: { startSchedule: iso(nowMs - 3 * HOUR) },
        });
        const outcome = delayed(decideDelays(request(daily, [confirmedDefault], { nowMs })));
        const install = atInstallation(outcome)!;
        const d = install.delaySeconds;
        const at = Math.floor(nowMs / 1000) * 1000;
        expect(outcome.installation).toMatchObject({ method: 'hold', before: 16, after: 32 });
        expect(periodAt(outcome.profile, at)?.limit).toBe(16);
        expect(periodAt(outcome.profile, at + d * 1000)?.limit).toBe(32);
        expect(startsOf(outcome.profile)).toHaveLength(5);
        expect(outcome.refreshAtMs).toBeGreaterThan(at + d * 1000);
        expect(outcome.refreshAtMs).toBeLessThan(at + DAY);
      });
    }
  });
});

describe('GB platform mode: a profile that starts later never leaves a gap (rule G2)', () => {
  it('holds the limit in force from installation until its own delayed start, with no draw for a change that does not happen', () => {
    const later = anAbsoluteProfile({ chargingProfileId: 101, chargingProfilePurpose: 'TxDefaultProfile' });
    const outcome = delayed(decideDelays(request(later, [confirmedDefault])));
    const start = outcome.delays.find((d) => d.relevant.change === 'start')!;
    const lead = 3600 + start.delaySeconds;
    expect(outcome.installation).toBeNull();
    expect(atInstallation(outcome)).toBeUndefined();
    expect(outcome.profile.chargingSchedule.startSchedule).toBe(utc(T0));
    expect(outcome.profile.chargingSchedule.chargingSchedulePeriod[0]).toEqual({ startPeriod: 0, limit: 16 });
    expect(start.startPeriod).toBe(lead);
    expect(limitAfter([confirmedDefault], outcome.profile, T0)).toBe(16);
    expect(limitAfter([confirmedDefault], outcome.profile, T0 + (lead - 1) * 1000)).toBe(16);
    expect(limitAfter([confirmedDefault], outcome.profile, T0 + lead * 1000)).toBe(16); // its own first period: 16 A
    expect(startsOf(outcome.profile)).toHaveLength(4);
  });

  it('leaves it as it is when nothing limits the charger before it starts anyway', () => {
    const later = anAbsoluteProfile({ chargingProfileId: 101 });
    const outcome = delayed(decideDelays(request(later, [])));
    expect(startsOf(outcome.profile)).toHaveLength(3);
  });
});
