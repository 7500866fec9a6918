import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { installedAfterSet, replaces, sameProfile, slotsUsed, zappiCapabilities, type InstalledProfile } from '@chargeplane/smart-charging-domain';
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
const txDefault = (id: number, n: number, limit?: number) => aTxDefaultProfile({ chargingProfileId: id, chargingSchedule: { chargingSchedulePeriod: periods(n, limit) } });
const txProfile = (id: number, n: number, limit?: number) => aTxProfile({ chargingProfileId: id, transactionId: TRANSACTION, chargingSchedule: { chargingSchedulePeriod: periods(n, limit) } });
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
  | { kind: 'answer'; result: 'Accepted' | 'Rejected' | 'timeout' }
  | { kind: 'late'; result: 'Accepted' | 'Rejected' }
  | { kind: 'advance'; ms: number }
  | { kind: 'reconcile' };

const result = fc.constantFrom('Accepted' as const, 'Rejected' as const, 'timeout' as const, 'timeout' as const);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), index: fc.integer({ min: 0, max: pool.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...ids) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connect' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'disconnect' as const }) },
  // Timeouts are re-sent at once, so answers (and timeouts especially) are what spends the write budget.
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('answer' as const), result }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('late' as const), result: fc.constantFrom('Accepted' as const, 'Rejected' as const) }) },
  // Mostly short steps, so that bursts of writes meet the budget; sometimes long ones, so that the window slides.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: MINUTE }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 30 * MINUTE }) }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconcile' as const }) },
);

const sameInstalled = (a: InstalledProfile, b: InstalledProfile) => a.connectorId === b.connectorId && sameProfile(a.profile, b.profile);

/** Runs commands through the decider like the application does, checking the invariants after every one. */
class Harness {
  state: ChargerState = initialState();
  now = T0;
  private seq = 0;
  private connection = 0;
  private readonly dispatchTimes: number[] = [];
  private readonly sent = new Map<string, InstalledProfile | null>();
  private readonly acceptedContent: InstalledProfile[] = [];
  /** Content the charger answered Rejected to: the decider waits for a new desired state before sending it again. */
  readonly rejectedContent: InstalledProfile[] = [];

  run(build: (base: { now: number; writeId: string }) => ChargerCommand): ChargerEvent[] {
    const command = build({ now: this.now, writeId: `w-${++this.seq}` });
    const events = decide(command, this.state);
    for (const e of events) this.check(command, e);
    this.state = events.reduce(evolve, this.state);
    expect(slotsUsed(installedProfiles(this.state))).toBeLessThanOrEqual(84);
    for (const c of installedProfiles(this.state)) expect(this.acceptedContent.some((a) => sameInstalled(a, c))).toBe(true);
    return events;
  }

  private check(command: ChargerCommand, e: ChargerEvent): void {
    if (e.type === 'ChargingProfileWriteDispatched') {
      const t = Date.parse(e.occurredAt);
      this.dispatchTimes.push(t);
      expect(this.dispatchTimes.filter((d) => d > t - HOUR && d <= t).length).toBeLessThanOrEqual(24);
      this.sent.set(e.data.writeId, e.data.action === 'SetChargingProfile' ? { connectorId: e.data.request.connectorId, profile: e.data.request.csChargingProfiles } : null);
    }
    if (e.type === 'ChargingProfileAccepted') {
      // Confirmed only with content the decider dispatched, for the write the charger answered Accepted.
      expect(command).toMatchObject({ type: 'RecordWriteOutcome', forWriteId: e.data.writeId, outcome: { kind: 'result', status: 'Accepted' } });
      const content = { connectorId: e.data.connectorId, profile: e.data.chargingProfile };
      expect(this.sent.get(e.data.writeId)).toEqual(content);
      this.acceptedContent.push(content);
    }
    if (e.type === 'ChargingProfileRejectedByCharger') this.rejectedContent.push(this.sent.get(e.data.writeId)!);
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
        this.connection++;
        this.run((b) => recordConnected({ ...b, connectionId: `c-${this.connection}` }));
        return;
      case 'disconnect':
        this.run((b) => recordDisconnected({ ...b, connectionId: `c-${this.connection}` }));
        return;
      case 'answer':
        if (!inFlight) return;
        this.run((b) => (s.result === 'timeout' ? outcome(inFlight, { kind: 'timeout' }, b) : answered(inFlight, s.result, b)));
        return;
      case 'late': {
        const stale = [...this.sent.keys()].find((w) => w !== inFlight);
        if (!stale) return;
        const events = this.run((b) => answered(stale, s.result, b));
        expect(events.filter((e) => e.type !== 'ChargingProfileWriteDispatched' && e.type !== 'ChargingProfileWriteDeferred')).toEqual([]);
        return;
      }
      case 'advance':
        this.now += s.ms;
        return;
      case 'reconcile':
        this.run((b) => reconcile(b));
    }
  }

  /** Connects and answers Accepted to every write, waking the aggregate whenever it asked, until nothing moves. */
  settle(): void {
    this.connection++;
    this.run((b) => recordConnected({ ...b, connectionId: `c-${this.connection}` }));
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
  h.run((b) => recordBoot('5.5', b));
  h.run((b) => recordConfiguration({ CommercialMode: 'True', SupportedFeatureProfiles: 'Core,SmartCharging' }, b));
  h.run((b) => recordTransactionStarted(TRANSACTION, b));
  h.apply({ kind: 'connect' });
  return h;
}

/**
 * Confirmed equals desired, except where the charger refused that very content (no retry by design), and
 * where a refused replacement left a profile on the device so that another desired one no longer fits.
 */
function expectConverged(state: ChargerState, rejected: readonly InstalledProfile[]): void {
  const records = Object.values(state.profiles);
  const refusedAsDesired = (r: (typeof records)[number]) => r.outcome === 'rejected' && r.desired !== null && rejected.some((x) => sameInstalled(x, r.desired!));
  const refusedTargets = records.filter(refusedAsDesired).map((r) => r.desired!);
  const blocked = (d: InstalledProfile) => refusedTargets.length > 0 && slotsUsed(installedAfterSet(installedProfiles(state), d, zappiCapabilities)) > 84;
  const stuckTargets = [...refusedTargets, ...records.flatMap((r) => (r.desired && blocked(r.desired) ? [r.desired] : []))];
  for (const r of records) {
    if (refusedAsDesired(r)) continue;
    if (r.desired) {
      const converged = r.confirmed !== null && sameInstalled(r.confirmed, r.desired);
      expect({ id: r.chargingProfileId, converged: converged || blocked(r.desired) }).toEqual({ id: r.chargingProfileId, converged: true });
    } else if (r.confirmed) {
      // Kept only because a desired profile that was to replace it never landed (so no clear was due).
      expect({ id: r.chargingProfileId, replacedByStuck: stuckTargets.some((t) => replaces(r.confirmed!, t, zappiCapabilities)) }).toEqual({ id: r.chargingProfileId, replacedByStuck: true });
    }
  }
}

describe('Charger profiles', () => {
  describe('when random commands, answers and clock advances reach a zappi', () => {
    it('never exceeds the write budget or the slot pool, confirms only accepted content, and converges', () => {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 150, size: 'max' }), (steps) => {
          const h = setUp();
          for (const s of steps) h.apply(s);
          h.settle();
          expectConverged(h.state, h.rejectedContent);
        }),
        { numRuns: 300 },
      );
    });
  });
});
