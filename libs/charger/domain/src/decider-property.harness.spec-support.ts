import {
  installedAfterSet,
  replaces,
  sameProfile,
  slotsUsed,
  zappiCapabilities,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import type { ChargerCommand } from './commands/commands.js';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { nextWakeAfter, nextWakeAt } from './planner/next-wake.js';
import { initialState, installedProfiles, type ChargerState } from './state.js';
import {
  answered,
  HOUR,
  outcome,
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

import { pool, type Step } from './decider-property.steps.spec-support.js';

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

  /**
   * Connects (commercial mode on) and answers Accepted to every write, waking the aggregate whenever it asked, until
   * nothing moves: as the wake-up scheduler does, a wake that finds nothing to do moves on to the state's next wake
   * time after it (L16), and only a state with none left has settled.
   */
  settle(): void {
    this.connect();
    let idleUntil: number | null = null;
    for (let i = 0; i < 500; i++) {
      const inFlight = this.state.inFlight?.writeId;
      this.now += SECOND;
      if (inFlight) {
        this.run((b) => answered(inFlight, 'Accepted', b));
        continue;
      }
      this.now = Math.max(this.now, idleUntil ?? nextWakeAt(this.state) ?? 0);
      if (this.run((b) => reconcile(b)).length > 0) {
        idleUntil = null;
        continue;
      }
      idleUntil = nextWakeAfter(this.state, this.now);
      if (idleUntil === null) return;
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

/** Applies the steps to a ready zappi, then settles: the invariants hold after each step and it converges. */
export const invariantsHold = (steps: Step[]) => {
  const h = setUp();
  for (const s of steps) h.apply(s);
  h.settle();
  expectConverged(h.state, h.rejectedContent);
};
