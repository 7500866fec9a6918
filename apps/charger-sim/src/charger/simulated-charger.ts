import type { OcppResponse } from '@chargeplane/contracts-ocpp';
import type { Logger } from '@chargeplane/platform-observability';
import {
  bootNotificationRequest,
  DeviceStateError,
  plugIn,
  startTransactionConfirmed,
  stopTransaction,
  tick,
  unplug,
  type CallContext,
  type DeviceState,
  type DeviceStep,
  type OutboundCall,
  type StopReason,
} from '@chargeplane/sim-device';
import { IllegalStateError, ValidationError } from '../control/control-errors.js';
import type { RandomSource } from '../clock/random-source.js';
import type { SimClock } from '../clock/sim-clock.js';
import type { StateStore } from '../persistence/state-store.js';
import type { ScheduledTask, Scheduler } from '../scheduler/scheduler.js';
import { answerCsCall } from './answer-cs-call.js';
import { CallLog } from './call-log.js';
import { ChargerLink, type LinkDeps } from './charger-link.js';
import {
  configurationNumber,
  connectorOf,
  isoUtc,
  meterValuesRequest,
  statusRequest,
  stopAllTransactions,
} from './connector-flows.js';
import type { CsCallTarget, TriggerableMessage } from './cs-call-handler.js';
import type { OutboundCalls } from './outbound-calls.js';
import { AcknowledgedLog } from './acknowledged-log.js';

// One simulated charge point: the device model's state plus the app-side flows around it (plug-in with
// Authorize → StartTransaction, meter values, reboot keeping stored memory). The connection itself is the
// ChargerLink's job.

export interface ChargerDeps extends Omit<LinkDeps, 'calls'> {
  calls: OutboundCalls;
  /** The charger's calls the CS acknowledged (audit); an empty log of its own when not given. */
  acknowledged?: AcknowledgedLog;
  store: StateStore;
  random: RandomSource;
  clock: SimClock;
  scheduler: Scheduler;
  logger: Logger;
  callLogLimit: number;
  /** Real ms between going down and reconnecting on Reset / restart. */
  rebootDelayMs: number;
  /** Simulated seconds before the answer to a Central System call leaves, per action (default: at once). */
  answerDelays?: Readonly<Record<string, number>>;
}

export interface PlugInRequest {
  connectorId: number;
  maxPowerW: number;
  idTag: string;
}

export class SimulatedCharger implements CsCallTarget {
  readonly id: string;
  readonly callLog: CallLog;
  readonly acknowledged: AcknowledgedLog;
  private current: DeviceState;
  private readonly link: ChargerLink;
  private meterTask: ScheduledTask | null = null;
  /** CS calls still to be left unanswered, by action (control API). */
  private readonly unanswered = new Map<string, number>();

  constructor(
    initial: DeviceState,
    private readonly deps: ChargerDeps,
  ) {
    this.id = deps.target.chargerId;
    this.current = initial;
    this.callLog = new CallLog(deps.callLogLimit);
    this.acknowledged = deps.acknowledged ?? new AcknowledgedLog(deps.callLogLimit);
    this.link = new ChargerLink(deps, {
      bootRequest: () => bootNotificationRequest(this.current),
      onCall: (messageId, action, payload) => ({
        ...this.answer({ messageId, action, payload }),
        delayMs: deps.clock.realDelayMs(deps.answerDelays?.[action] ?? 0),
      }),
      onBooted: () => this.afterBoot(),
      configuredHeartbeatS: () => configurationNumber(this.current, 'HeartbeatInterval', 300),
    });
  }

  get state(): DeviceState {
    return this.current;
  }

  get connected(): boolean {
    return this.link.connected;
  }

  get booted(): boolean {
    return this.link.booted;
  }

  get online(): boolean {
    return this.link.online;
  }

  get heartbeatIntervalS(): number {
    return this.link.heartbeatIntervalS;
  }

  hasCar(connectorId: number): boolean {
    return (connectorOf(this.current, connectorId)?.car ?? null) !== null;
  }

  start(): void {
    this.link.start();
  }

  stop(): void {
    this.meterTask?.cancel();
    this.link.stop();
    this.deps.calls.clear();
  }

  goOffline(): void {
    this.link.goOffline();
  }

  goOnline(): void {
    this.link.goOnline();
  }

  context(): CallContext {
    return { now: this.deps.clock.now(), random: this.deps.random };
  }

  commit(next: DeviceState, persist: boolean): void {
    this.current = next;
    if (persist) this.deps.store.save(this.id, () => this.current);
  }

  applyStep(step: DeviceStep): void {
    this.commit(step.state, true);
    for (const call of step.outbound) this.send(call);
    this.scheduleMeter();
  }

  tick(): void {
    const step = tick(this.current, this.deps.clock.now());
    this.current = step.state;
    for (const call of step.outbound) this.send(call);
  }

  /** The car arrives: Preparing, Authorize with its tag, then StartTransaction once the tag is accepted. */
  plugIn(request: PlugInRequest): void {
    const c = connectorOf(this.current, request.connectorId);
    if (!c) throw new ValidationError(`connector ${request.connectorId} does not exist`);
    if (c.car) throw new IllegalStateError(`connector ${request.connectorId} already has a car plugged in`);
    const now = this.deps.clock.now();
    const step = plugIn(this.current, request.connectorId, { maxPowerW: request.maxPowerW, idTag: request.idTag }, now);
    const start = step.outbound.find((o) => o.action === 'StartTransaction');
    this.applyStep({ state: step.state, outbound: step.outbound.filter((o) => o !== start) });
    if (!start) return;
    this.deps.calls.enqueue(
      'Authorize',
      { idTag: request.idTag },
      { durable: true },
      {
        onResult: (answer) => this.afterAuthorize(request.connectorId, start, answer.idTagInfo.status === 'Accepted'),
        // No answer: like a charger with local authorisation, start anyway and let StartTransaction decide.
        onFailure: () => this.afterAuthorize(request.connectorId, start, true),
      },
    );
  }

  unplug(connectorId: number): void {
    const c = connectorOf(this.current, connectorId);
    if (!c) throw new ValidationError(`connector ${connectorId} does not exist`);
    if (!c.car) throw new IllegalStateError(`connector ${connectorId} has no car plugged in`);
    this.applyStep(unplug(this.current, connectorId, this.deps.clock.now()));
  }

  /** Leaves the next `count` CS calls of `action` unanswered, as a cloud that drops them would: the CS's call times out. */
  leaveUnanswered(action: string, count: number): void {
    this.unanswered.set(action, count);
  }

  private answer(call: { messageId: string; action: string; payload: unknown }): { frame: string | null } {
    const left = this.unanswered.get(call.action) ?? 0;
    if (left === 0) return answerCsCall(this, this.callLog, this.deps.clock, call);
    this.unanswered.set(call.action, left - 1);
    const now = this.deps.clock.now();
    this.callLog.add({
      simTime: isoUtc(now),
      realTime: isoUtc(this.deps.clock.wallNow()),
      action: call.action,
      payload: call.payload,
      answer: null,
      memoryWrite: false,
      reason: 'left unanswered (control API)',
    });
    return { frame: null };
  }

  /** Power cycle: stored memory is re-read from the state file; transactions end (reason Reboot). */
  async restart(reason: StopReason = 'Reboot'): Promise<void> {
    await this.deps.store.flush(this.id);
    this.current = this.deps.store.load(this.id) ?? this.current;
    this.reboot(reason);
  }

  reboot(reason: StopReason): void {
    this.meterTask?.cancel();
    this.link.restart(this.deps.rebootDelayMs);
    this.applyStep(stopAllTransactions(this.current, reason, this.deps.clock.now()));
  }

  configurationChanged(key: string): void {
    if (key === 'HeartbeatInterval') this.link.setHeartbeatInterval(configurationNumber(this.current, key, 0));
    if (key === 'MeterValueSampleInterval') this.scheduleMeter();
  }

  trigger(message: TriggerableMessage, connectorId: number | undefined): void {
    const now = this.deps.clock.now();
    const connectors = this.current.connectors.filter(
      (c) => connectorId === undefined || c.connectorId === connectorId,
    );
    switch (message) {
      case 'BootNotification':
        return this.link.sendBoot();
      case 'Heartbeat':
        return this.deps.calls.enqueue('Heartbeat', {});
      case 'StatusNotification':
        for (const c of connectors) this.deps.calls.enqueue('StatusNotification', statusRequest(c, now));
        return;
      case 'MeterValues':
        this.tick();
        for (const c of connectors) {
          this.deps.calls.enqueue('MeterValues', meterValuesRequest(this.current, c.connectorId, now, 'Trigger'));
        }
    }
  }

  private afterBoot(): void {
    // Every connector's status goes out after a boot anyway, so the tick's own status calls are not sent.
    this.current = tick(this.current, this.deps.clock.now()).state;
    const now = this.deps.clock.now();
    for (const c of this.current.connectors) this.deps.calls.enqueue('StatusNotification', statusRequest(c, now));
    this.scheduleMeter();
  }

  private afterAuthorize(connectorId: number, start: OutboundCall, accepted: boolean): void {
    const tx = connectorOf(this.current, connectorId)?.transaction;
    if (!tx || tx.transactionId !== null || start.action !== 'StartTransaction' || tx.idTag !== start.payload.idTag) {
      return; // the car left (or another session began) while Authorize was out
    }
    if (accepted) this.send(start, true);
    else this.applyStep(stopTransaction(this.current, connectorId, 'DeAuthorized', this.deps.clock.now()));
  }

  private send(call: OutboundCall, front = false): void {
    switch (call.action) {
      case 'StatusNotification':
        // While not booted the status is not sent: every connector's status goes out right after the boot.
        if (this.link.booted) this.deps.calls.enqueue('StatusNotification', call.payload);
        return;
      case 'StopTransaction':
        return this.deps.calls.enqueue('StopTransaction', call.payload, { durable: true, front });
      case 'StartTransaction': {
        const connectorId = call.payload.connectorId;
        return this.deps.calls.enqueue(
          'StartTransaction',
          call.payload,
          { durable: true, front },
          {
            onResult: (answer) => this.afterStartTransaction(connectorId, answer),
            onFailure: () => this.applyStep(stopTransaction(this.current, connectorId, 'Other', this.deps.clock.now())),
          },
        );
      }
    }
  }

  private afterStartTransaction(connectorId: number, answer: OcppResponse<'StartTransaction'>): void {
    const now = this.deps.clock.now();
    try {
      this.applyStep(startTransactionConfirmed(this.current, connectorId, answer, now));
    } catch (error) {
      if (!(error instanceof DeviceStateError)) throw error;
      // Unplugged before the CS answered: the CS now knows a transaction the charger already ended.
      const meterStop = Math.round(connectorOf(this.current, connectorId)?.meterWh ?? 0);
      this.deps.calls.enqueue(
        'StopTransaction',
        { transactionId: answer.transactionId, meterStop, timestamp: isoUtc(now), reason: 'EVDisconnected' },
        { durable: true },
      );
    }
  }

  /** One task per charger while a car is plugged in: tick, then MeterValues for each running transaction. */
  private scheduleMeter(): void {
    this.meterTask?.cancel();
    this.meterTask = null;
    if (!this.current.connectors.some((c) => c.car !== null)) return;
    const sampleS = configurationNumber(this.current, 'MeterValueSampleInterval', 60);
    const periodS = sampleS > 0 ? sampleS : 60;
    this.meterTask = this.deps.scheduler.after(this.deps.clock.realDelayMs(periodS), () => {
      this.meterTask = null;
      this.tick();
      const now = this.deps.clock.now();
      if (sampleS > 0 && this.link.booted) {
        for (const c of this.current.connectors) {
          if (c.transaction?.transactionId == null) continue;
          this.deps.calls.enqueue(
            'MeterValues',
            meterValuesRequest(this.current, c.connectorId, now, 'Sample.Periodic'),
          );
        }
      }
      this.scheduleMeter();
    });
  }
}
