import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import {
  installedAfterSet,
  replaces,
  sameProfile,
  slotsUsed,
  zappiCapabilities,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import fc from 'fast-check';
import type { ChargerCommand } from './commands/commands.js';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { nextWakeAt } from './planner/next-wake.js';
import { initialState, installedProfiles, type ChargerState } from './state.js';
import {
  answered,
  aTxDefaultProfile,
  aTxProfile,
  HOUR,
  MINUTE,
  outcome,
  periods,
  READY_ZAPPI_VALUES,
  reconcile,
  recordBoot,
  recordConfiguration,
  recordConnected,
  recordDisconnected,
  recordTransactionStarted,
  registerZappi,
  removeDesired,
  SECOND,
  setDesired,
  T0,
  TRANSACTION,
} from './test-builders.js';

// A small pool of valid zappi profiles. TxDefaultProfiles 20 and 21 replace each other (Z8); TxProfiles 5 and 6
// replace each other (same connector, purpose, stack level). Sizes are chosen so that some combinations exceed
// the 84-slot pool and ids put TxProfiles before TxDefaultProfiles (the planner must still never overflow it).
const txDefault = (id: number, n: number, limit?: number) =>
  aTxDefaultProfile({ chargingProfileId: id, chargingSchedule: { chargingSchedulePeriod: periods(n, limit) } });
const txProfile = (id: number, n: number, limit?: number) =>
  aTxProfile({
    chargingProfileId: id,
    transactionId: TRANSACTION,
    chargingSchedule: { chargingSchedulePeriod: periods(n, limit) },
  });
const pool: ChargingProfile[] = [
  txDefault(20, 40),
  txDefault(20, 40, 10),
  txDefault(20, 3),
  txDefault(21, 44),
  txProfile(5, 40),
  txProfile(5, 44),
  txProfile(5, 2, 6),
  txProfile(6, 30),
];
const ids = [5, 6, 20, 21];

type Step =
  | { kind: 'set'; index: number }
  | { kind: 'remove'; id: number }
  | { kind: 'connect' }
  | { kind: 'disconnect' }
  | { kind: 'boot' }
  | { kind: 'configure'; commercialMode: boolean }
  | { kind: 'answer'; result: 'Accepted' | 'Rejected' | 'timeout' | 'offline' }
  | { kind: 'late'; result: 'Accepted' | 'Rejected' }
  | { kind: 'advance'; ms: number }
  | { kind: 'reconcile' };

const result = fc.constantFrom('Accepted' as const, 'Rejected' as const, 'timeout' as const, 'timeout' as const);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('set' as const), index: fc.integer({ min: 0, max: pool.length - 1 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...ids) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connect' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'disconnect' as const }) },
  // A reboot makes the configuration stale until the platform's next read, which may find commercial mode off (Z17).
  { weight: 1, arbitrary: fc.constant({ kind: 'boot' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('configure' as const),
      commercialMode: fc.constantFrom(true, true, true, false),
    }),
  },
  // Timeouts are re-sent at once, so answers (and timeouts especially) are what spends the write budget.
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('answer' as const), result }) },
  // Nobody held the connection: the charger counts as offline until it connects again (rare, as it stops all writing).
  { weight: 1, arbitrary: fc.constant({ kind: 'answer' as const, result: 'offline' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('late' as const),
      result: fc.constantFrom('Accepted' as const, 'Rejected' as const),
    }),
  },
  // Mostly short steps, so that bursts of writes meet the budget; sometimes long ones, so that the window slides.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: MINUTE }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 * MINUTE }) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconcile' as const }) },
);
/** Bursts of changes and unanswered writes on a charger that stays ready: the write budget is reached in most runs. */
const burst: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('set' as const), index: fc.integer({ min: 0, max: pool.length - 1 }) }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('answer' as const), result }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2 * MINUTE }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconcile' as const }) },
);

const sameInstalled = (a: InstalledProfile, b: InstalledProfile) =>
  a.connectorId === b.connectorId && sameProfile(a.profile, b.profile);
const budget = zappiCapabilities.writeBudget!;
/** The window the platform counts in: the device's 60 minutes plus its guard (rule 1). */
const guardedWindowMs = (budget.windowSeconds + (budget.guardSeconds ?? 0)) * 1000;

/** Runs commands through the decider like the application does, checking the invariants after every one. */
class Harness {
  state: ChargerState = initialState();
  now = T0;
  private seq = 0;
  private connection = 0;
  private readonly dispatchTimes: number[] = [];
  private readonly sent = new Map<string, InstalledProfile | null>();
  /** The harness's own model of the charger, kept apart from the decider's state. */
  private readonly device = { online: false, configuredSinceConnect: false, commercialMode: true };
  private readonly sentOnConnection = new Map<string, number>();
  /** The closed device gate last reported since the last configuration report: said once, not on every command. */
  private notReadySaid: string | null = null;
  private readonly acceptedContent: InstalledProfile[] = [];
  /** Content the charger answered Rejected to: after its one retry (zappi), the decider waits for a new desired state. */
  readonly rejectedContent: InstalledProfile[] = [];

  run(build: (base: { now: number; writeId: string }) => ChargerCommand): ChargerEvent[] {
    const command = build({ now: this.now, writeId: `w-${++this.seq}` });
    const events = decide(command, this.state);
    for (const e of events) {
      this.check(command, e);
      this.model(e);
    }
    this.state = events.reduce(evolve, this.state);
    expect(slotsUsed(installedProfiles(this.state))).toBeLessThanOrEqual(84);
    for (const c of installedProfiles(this.state))
      expect(this.acceptedContent.some((a) => sameInstalled(a, c))).toBe(true);
    return events;
  }

  private check(command: ChargerCommand, e: ChargerEvent): void {
    if (e.type === 'ChargingProfileWriteDispatched') {
      const t = Date.parse(e.occurredAt);
      this.dispatchTimes.push(t);
      // The device's rule (24 in any 60 minutes) and the stricter guarded window the platform decides in.
      expect(this.dispatchTimes.filter((d) => d > t - HOUR && d <= t).length).toBeLessThanOrEqual(24);
      expect(this.dispatchTimes.filter((d) => d > t - guardedWindowMs && d <= t).length).toBeLessThanOrEqual(
        budget.limit,
      );
      // Only to a charger that is online, whose configuration was read since it connected or booted, with commercial mode on.
      expect(this.device).toEqual({ online: true, configuredSinceConnect: true, commercialMode: true });
      this.sentOnConnection.set(e.data.writeId, this.connection);
      this.sent.set(
        e.data.writeId,
        e.data.action === 'SetChargingProfile'
          ? { connectorId: e.data.request.connectorId, profile: e.data.request.csChargingProfiles }
          : null,
      );
    }
    if (e.type === 'ChargingProfileAccepted') {
      // Confirmed only with content the decider dispatched, for the write the charger answered Accepted.
      expect(command).toMatchObject({
        type: 'RecordWriteOutcome',
        forWriteId: e.data.writeId,
        outcome: { kind: 'result', status: 'Accepted' },
      });
      const content = { connectorId: e.data.connectorId, profile: e.data.chargingProfile };
      expect(this.sent.get(e.data.writeId)).toEqual(content);
      this.acceptedContent.push(content);
    }
    if (e.type === 'ChargingProfileRejectedByCharger') this.rejectedContent.push(this.sent.get(e.data.writeId)!);
    if (e.type === 'ChargingProfileWriteDeferred' && e.data.reason === 'device-not-ready') {
      expect(this.device.commercialMode).toBe(false);
      expect(e.data).toMatchObject({ until: null, detail: 'COMMERCIAL_MODE_OFF' });
      expect(this.notReadySaid).toBeNull();
      this.notReadySaid = e.data.detail!;
    }
    if (e.type === 'ChargerConfigurationReported') this.notReadySaid = null;
  }

  /** Follows what the charger did, from the facts the harness reported and the answers it gave. */
  private model(e: ChargerEvent): void {
    if (e.type === 'ChargerConnected') Object.assign(this.device, { online: true, configuredSinceConnect: false });
    if (e.type === 'ChargerDisconnected') this.device.online = false;
    if (e.type === 'ChargerBooted') this.device.configuredSinceConnect = false;
    if (e.type === 'ChargerConfigurationReported') {
      this.device.configuredSinceConnect = true;
      if (e.data.values['CommercialMode'] !== undefined)
        this.device.commercialMode = e.data.values['CommercialMode'] === 'True';
    }
    // Nobody held the connection the write went out on: until the charger connects again, nothing may be sent.
    if (
      e.type === 'ChargingProfileWriteFailed' &&
      e.data.failure === 'offline' &&
      this.sentOnConnection.get(e.data.writeId) === this.connection
    )
      this.device.online = false;
  }

  /** The charger connects (a new connection id), then the platform reads its configuration (Z17). */
  connect(values: Record<string, string> = { ...READY_ZAPPI_VALUES }): void {
    this.connection++;
    this.run((b) => recordConnected({ ...b, connectionId: `c-${this.connection}` }));
    this.run((b) => recordConfiguration(values, b));
  }

  apply(s: Step): void {
    const inFlight = this.state.inFlight?.writeId;
    switch (s.kind) {
      case 'set':
        this.run((b) => setDesired(pool[s.index]!, b));
        return;
      case 'remove':
        this.run((b) => removeDesired(s.id, b));
        return;
      case 'connect':
        this.connect();
        return;
      case 'disconnect':
        this.run((b) => recordDisconnected({ ...b, connectionId: `c-${this.connection}` }));
        return;
      case 'boot':
        this.run((b) => recordBoot('5.5', b));
        return;
      case 'configure':
        this.run((b) =>
          recordConfiguration({ ...READY_ZAPPI_VALUES, CommercialMode: s.commercialMode ? 'True' : 'False' }, b),
        );
        return;
      case 'answer':
        if (!inFlight) return;
        this.run((b) =>
          s.result === 'timeout' || s.result === 'offline'
            ? outcome(inFlight, { kind: s.result }, b)
            : answered(inFlight, s.result, b),
        );
        return;
      case 'late': {
        const stale = [...this.sent.keys()].find((w) => w !== inFlight);
        if (!stale) return;
        // L11: only an Accepted for the last timed-out write settles it; any other stale answer changes nothing.
        const settles = s.result === 'Accepted' && this.state.lastTimedOut?.writeId === stale;
        const events = this.run((b) => answered(stale, s.result, b));
        const answers = events.filter(
          (e) => e.type !== 'ChargingProfileWriteDispatched' && e.type !== 'ChargingProfileWriteDeferred',
        );
        expect(answers.map((e) => ('writeId' in e.data ? e.data.writeId : null))).toEqual(settles ? [stale] : []);
        if (settles) expect(['ChargingProfileAccepted', 'ChargingProfileCleared']).toContain(answers[0]?.type);
        return;
      }
      case 'advance':
        this.now += s.ms;
        return;
      case 'reconcile':
        this.run((b) => reconcile(b));
    }
  }

  /** Connects (commercial mode on) and answers Accepted to every write, waking the aggregate whenever it asked, until nothing moves. */
  settle(): void {
    this.connect();
    for (let i = 0; i < 500; i++) {
      const inFlight = this.state.inFlight?.writeId;
      this.now += SECOND;
      if (inFlight) {
        this.run((b) => answered(inFlight, 'Accepted', b));
        continue;
      }
      this.now = Math.max(this.now, nextWakeAt(this.state) ?? 0);
      if (this.run((b) => reconcile(b)).length === 0) return;
    }
    throw new Error('the decider did not settle');
  }
}

function setUp(): Harness {
  const h = new Harness();
  h.run((b) => registerZappi(b));
  h.connect();
  h.run((b) => recordBoot('5.5', b));
  h.run((b) => recordConfiguration({ ...READY_ZAPPI_VALUES }, b));
  h.run((b) => recordTransactionStarted(TRANSACTION, b));
  return h;
}

/**
 * Confirmed equals desired, except where the charger refused that very content twice (one retry by design), and
 * where a refused replacement left a profile on the device so that another desired one no longer fits.
 */
function expectConverged(state: ChargerState, rejected: readonly InstalledProfile[]): void {
  const records = Object.values(state.profiles);
  const refusedAsDesired = (r: (typeof records)[number]) =>
    r.outcome === 'rejected' && r.desired !== null && rejected.some((x) => sameInstalled(x, r.desired!));
  const refusedTargets = records.filter(refusedAsDesired).map((r) => r.desired!);
  const blocked = (d: InstalledProfile) =>
    refusedTargets.length > 0 && slotsUsed(installedAfterSet(installedProfiles(state), d, zappiCapabilities)) > 84;
  const stuckTargets = [
    ...refusedTargets,
    ...records.flatMap((r) => (r.desired && blocked(r.desired) ? [r.desired] : [])),
  ];
  for (const r of records) {
    if (refusedAsDesired(r)) {
      // Settling answered every write Accepted: content still refused was refused again on its retry, or cannot fit.
      const final = r.rejections >= 2 && r.retryAt === null;
      expect({ id: r.chargingProfileId, finalOrBlocked: final || blocked(r.desired!) }).toEqual({
        id: r.chargingProfileId,
        finalOrBlocked: true,
      });
      continue;
    }
    if (r.desired) {
      const converged = r.confirmed !== null && sameInstalled(r.confirmed, r.desired);
      expect({ id: r.chargingProfileId, converged: converged || blocked(r.desired) }).toEqual({
        id: r.chargingProfileId,
        converged: true,
      });
    } else if (r.confirmed) {
      // Kept only because a desired profile that was to replace it never landed (so no clear was due).
      expect({
        id: r.chargingProfileId,
        replacedByStuck: stuckTargets.some((t) => replaces(r.confirmed!, t, zappiCapabilities)),
      }).toEqual({ id: r.chargingProfileId, replacedByStuck: true });
    }
  }
}

const invariantsHold = (steps: Step[]) => {
  const h = setUp();
  for (const s of steps) h.apply(s);
  h.settle();
  expectConverged(h.state, h.rejectedContent);
};

describe('Charger profiles', () => {
  describe('when random commands, answers and clock advances reach a zappi', () => {
    it('never exceeds the write budget or the slot pool, confirms only accepted content, and converges', () => {
      fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 250, size: 'max' }), invariantsHold), {
        numRuns: 300,
      });
    }, 20_000);
  });

  describe('when bursts of changes and unanswered writes reach a ready zappi', () => {
    it('never exceeds the write budget, and converges', () => {
      fc.assert(fc.property(fc.array(burst, { minLength: 24, maxLength: 150, size: 'max' }), invariantsHold), {
        numRuns: 100,
      });
    }, 20_000);
  });
});
