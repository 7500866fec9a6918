// A harness that drives the real charger aggregate and folds every event it emits into the twin (test code only).
import {
  decide,
  evolve,
  initialState,
  nextWakeAt,
  type ChargerCommand,
  type ChargerEvent,
  type ChargerState,
  type WriteOutcome,
} from '@chargeplane/charger-domain';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import {
  capabilitiesFor,
  ledgerOf,
  profileViews,
  slotsInUse,
  writeBudgetOf,
  type DeviceModel,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import { applyEnvelope, emptyTwin, viewTwin, type TwinDoc } from '@chargeplane/twin-domain';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
/** The harness's clock starts on a fixed instant (the decider is pure: time is only what the commands carry). */
export const T0 = Date.UTC(2026, 10, 25, 10);
export const TRANSACTION = 4711;
export const READY = { CommercialMode: 'True', SupportedFeatureProfiles: 'Core,SmartCharging' } as const;

export type Answer =
  | 'Accepted'
  | 'Rejected'
  | 'NotSupported'
  | 'call-error'
  | 'call-error-not-implemented'
  | 'timeout'
  | 'offline'
  | 'not-sent';

const outcomeOf = (a: Answer): WriteOutcome =>
  a === 'Accepted' || a === 'Rejected' || a === 'NotSupported'
    ? { kind: 'result', status: a }
    : a === 'call-error'
      ? { kind: 'call-error', code: 'GenericError', description: 'refused' }
      : a === 'call-error-not-implemented'
        ? { kind: 'call-error', code: 'NotImplemented', description: 'no smart charging' }
        : { kind: a };

type Base = { now: number; writeId: string };

/**
 * Runs commands through `decide` and `evolve` like the application does; every emitted event is stored as an
 * envelope with the next stream version and folded into the twin with `applyEnvelope`. After every command it
 * checks that the twin shows exactly what the aggregate's ledger says, and the device limits.
 */
export class Agreement {
  state: ChargerState = initialState();
  twin: TwinDoc = emptyTwin('CP-1');
  now = T0;
  private seq = 0;
  private version = 0;
  connection = 0;
  /** Times at which writes reached the device (a not-sent write never did). */
  private readonly received = new Map<string, number>();
  /** What each timed-out profile write carried, for its late answer. */
  readonly timedOut: { action: 'SetChargingProfile'; request: InstalledProfile }[] = [];

  constructor(readonly model: DeviceModel) {}

  run(build: (b: Base) => ChargerCommand): ChargerEvent[] {
    const command = build({ now: this.now, writeId: `w-${++this.seq}` });
    const before = this.state;
    const events = decide(command, before);
    this.state = events.reduce(evolve, before);
    for (const e of events) this.store(e, before);
    this.check();
    return events;
  }

  private store(e: ChargerEvent, before: ChargerState): void {
    const envelope: EventEnvelope = {
      id: `00000000-0000-4000-8000-${String(++this.version).padStart(12, '0')}`,
      type: e.type,
      schemaVersion: e.schemaVersion,
      streamId: 'charger-CP-1',
      streamVersion: this.version,
      tenantId: 'tenant-1',
      chargerId: 'CP-1',
      occurredAt: e.occurredAt,
      recordedAt: e.occurredAt,
      correlationId: 'c',
      causationId: null,
      data: e.data as Record<string, unknown>,
    };
    const result = applyEnvelope(this.twin, envelope);
    if (result.kind !== 'applied') throw new Error(`the twin did not apply version ${this.version}: ${result.kind}`);
    this.twin = result.twin;
    if (e.type === 'ChargingProfileWriteDispatched') this.received.set(e.data.writeId, Date.parse(e.occurredAt));
    if (e.type === 'ChargerConfigurationWriteDispatched' && e.data.countsAsWrite)
      this.received.set(e.data.writeId, Date.parse(e.occurredAt));
    if (
      (e.type === 'ChargingProfileWriteFailed' || e.type === 'ChargerConfigurationWriteFailed') &&
      e.data.failure === 'not-sent'
    )
      this.received.delete(e.data.writeId);
    if (e.type === 'ChargingProfileWriteFailed' && e.data.failure === 'timeout') {
      const sent = before.inFlight?.writeId === e.data.writeId ? before.inFlight.sent : null;
      if (sent) this.timedOut.push({ action: 'SetChargingProfile', request: sent });
    }
  }

  /** The twin's view equals the view derived from the aggregate's ledger; slots and budget stay within the device. */
  private check(): void {
    const caps = capabilitiesFor(this.state.model, this.state.configuration);
    const ledger = ledgerOf(this.state);
    expect(this.twin.ledger).toEqual(ledger);
    const view = viewTwin(this.twin, this.now);
    expect({
      profiles: view.profiles.map((p) => ({
        id: p.chargingProfileId,
        desired: p.desired,
        confirmed: p.confirmed,
        sync: p.sync,
        lastError: p.lastError,
      })),
      slots: view.slots.used,
      budget: view.writeBudget && { used: view.writeBudget.used, remaining: view.writeBudget.remaining },
      nextAvailableAt: view.writeBudget?.nextAvailableAt ?? null,
      connected: view.connected,
      transactions: view.transactions,
    }).toEqual({
      profiles: profileViews(ledger).map((p) => ({
        id: p.chargingProfileId,
        desired: p.desired?.profile ?? null,
        confirmed: p.confirmed?.profile ?? null,
        sync: p.sync,
        lastError: p.lastError,
      })),
      slots: slotsInUse(ledger),
      budget: ((b) => b && { used: b.used, remaining: b.remaining })(writeBudgetOf(ledger, this.now, caps)),
      nextAvailableAt: ((at) => (at === null || at === undefined ? null : new Date(at).toISOString()))(
        writeBudgetOf(ledger, this.now, caps)?.nextAvailableAt,
      ),
      connected: this.state.connected,
      transactions: this.state.transactions,
    });
    if (caps.slotPool !== null) expect(slotsInUse(ledger)).toBeLessThanOrEqual(caps.slotPool);
    const rule = caps.writeBudget;
    if (rule) {
      // Counted directly from when writes reached the device: never more than the limit in any rolling window.
      const times = [...this.received.values()].sort((a, b) => a - b);
      for (const t of times)
        expect(times.filter((u) => u > t - rule.windowSeconds * 1000 && u <= t).length).toBeLessThanOrEqual(rule.limit);
    }
  }

  // ——— commands ———

  register(): void {
    this.run((b) => ({
      ...b,
      type: 'RegisterCharger',
      tenantId: 'tenant-1',
      model: this.model,
      jurisdiction: null,
      tags: [],
      credentialsHash: 'scrypt$00$00',
    }));
  }

  connect(values: Record<string, string> = READY): void {
    this.connection++;
    this.run((b) => ({ ...b, type: 'RecordConnected', edgeId: 'edge-1', connectionId: `c-${this.connection}` }));
    this.configure(values);
  }

  configure(values: Record<string, string>): void {
    this.run((b) => ({ ...b, type: 'RecordConfiguration', values, unknownKeys: [] }));
  }

  disconnect(): void {
    this.run((b) => ({
      ...b,
      type: 'RecordDisconnected',
      edgeId: 'edge-1',
      connectionId: `c-${this.connection}`,
      reason: 'closed',
    }));
  }

  boot(): void {
    this.run((b) => ({
      ...b,
      type: 'RecordBoot',
      chargePointVendor: 'myenergi',
      chargePointModel: 'zappi',
      firmwareVersion: '5.5',
      chargePointSerialNumber: null,
    }));
  }

  set(connectorId: number, chargingProfile: ChargingProfile): void {
    this.run((b) => ({ ...b, type: 'SetDesiredProfile', connectorId, chargingProfile }));
  }

  remove(chargingProfileId: number): void {
    this.run((b) => ({ ...b, type: 'RemoveDesiredProfile', chargingProfileId }));
  }

  desireConfiguration(value: string): void {
    this.run((b) => ({
      ...b,
      type: 'SetDesiredConfiguration',
      key: 'RandomisedDelayMaxSeconds',
      value,
      reason: 'test',
    }));
  }

  startTransaction(): void {
    this.run((b) => ({
      ...b,
      type: 'RecordTransactionStarted',
      connectorId: 1,
      transactionId: TRANSACTION,
      idTag: 'tag',
      meterStartWh: 0,
      startedAt: new Date(b.now).toISOString(),
    }));
  }

  stopTransaction(): void {
    this.run((b) => ({
      ...b,
      type: 'RecordTransactionStopped',
      transactionId: TRANSACTION,
      meterStopWh: 1,
      stoppedAt: new Date(b.now).toISOString(),
      reason: null,
    }));
  }

  answer(a: Answer): void {
    const write = this.state.inFlight;
    if (write)
      this.run((b) => ({ ...b, type: 'RecordWriteOutcome', forWriteId: write.writeId, outcome: outcomeOf(a) }));
  }

  /** A late Accepted for the last write that timed out (the edge reports it by content). */
  lateAccepted(): void {
    const late = this.timedOut.at(-1);
    if (!late) return;
    this.run((b) => ({
      ...b,
      type: 'RecordLateAnswer',
      answer: {
        action: 'SetChargingProfile',
        request: { connectorId: late.request.connectorId, csChargingProfiles: late.request.profile },
        status: 'Accepted',
      },
    }));
  }

  reconcile(): void {
    this.run((b) => ({ ...b, type: 'Reconcile' }));
  }

  /**
   * From now on every write is answered Accepted promptly and time advances whenever the aggregate asks to be
   * woken: connects (ready), then answers and wakes until nothing moves.
   */
  settle(): void {
    this.connect();
    for (let i = 0; i < 1000; i++) {
      this.now += SECOND;
      if (this.state.inFlight) {
        this.answer('Accepted');
        continue;
      }
      this.now = Math.max(this.now, nextWakeAt(this.state) ?? 0);
      if (this.run((b) => ({ ...b, type: 'Reconcile' })).length === 0 && !this.state.inFlight) {
        const wake = nextWakeAt(this.state);
        if (wake === null || wake <= this.now) return;
      }
    }
    throw new Error('the aggregate did not settle');
  }
}
