import type { ChargePointAction, OcppRequest, OcppResponse } from '@chargeplane/contracts-ocpp';
import type { FleetStats } from '../fleet/fleet-stats.js';
import type { ScheduledTask, Scheduler } from '../scheduler/scheduler.js';
import { callFrame } from '../transport/ocpp-frames.js';
import { validateCsResult, validateOwnRequest } from '../transport/payload-validation.js';

// The charger's CALLs to the Central System, one outstanding at a time (OCPP-J §4.1.1): the rest wait in a
// FIFO queue while the charger keeps answering the CS's own calls. Until BootNotification is accepted only
// calls marked `beforeBoot` go out. On a disconnect, transaction messages (`durable`) survive and are sent
// after the next boot; the rest are dropped (status and meter values are re-sent fresh after the boot).

export interface CallOptions {
  durable?: boolean;
  beforeBoot?: boolean;
  /** Jump the queue (a StartTransaction that must follow its Authorize). */
  front?: boolean;
}

export interface CallHandlers<A extends ChargePointAction> {
  onResult?: (response: OcppResponse<A>) => void;
  /** CALLERROR, schema-invalid answer, timeout, or dropped on disconnect. */
  onFailure?: (reason: string) => void;
}

interface QueuedCall {
  action: ChargePointAction;
  payload: object;
  durable: boolean;
  beforeBoot: boolean;
  settle(result: { ok: true; payload: unknown } | { ok: false; reason: string }): void;
}

interface InFlight {
  call: QueuedCall;
  messageId: string;
  sentAtMs: number;
  timeout: ScheduledTask;
}

export interface OutboundCallsDeps {
  scheduler: Scheduler;
  stats: FleetStats;
  timeoutMs: number;
  nextMessageId: () => string;
  /** A charger-side bug (own CALL not schema-valid) or a CS answer that is not schema-valid. */
  warn: (message: string, details: object) => void;
  /** Every CALLRESULT to one of the charger's calls, with its request (the acknowledged-facts audit). */
  onAcknowledged?: (action: ChargePointAction, request: object, answer: unknown) => void;
}

export class OutboundCalls {
  private queue: QueuedCall[] = [];
  private inFlight: InFlight | null = null;
  private send: ((text: string) => void) | null = null;
  private booted = false;

  constructor(private readonly deps: OutboundCallsDeps) {}

  enqueue<A extends ChargePointAction>(
    action: A,
    payload: OcppRequest<A>,
    options: CallOptions = {},
    handlers: CallHandlers<A> = {},
  ): void {
    const call: QueuedCall = {
      action,
      payload,
      durable: options.durable ?? false,
      beforeBoot: options.beforeBoot ?? false,
      settle: (result) => {
        if (!result.ok) return handlers.onFailure?.(result.reason);
        const checked = validateCsResult(action, result.payload);
        if (checked.ok) {
          this.deps.onAcknowledged?.(action, payload, checked.value);
          return handlers.onResult?.(checked.value);
        }
        this.deps.warn('invalid CALLRESULT from the Central System', { action, problem: checked.description });
        handlers.onFailure?.(`invalid answer: ${checked.description}`);
      },
    };
    if (options.front) this.queue.unshift(call);
    else this.queue.push(call);
    this.pump();
  }

  /** True when a call of this action waits or is in flight (so periodic calls do not pile up). */
  has(action: ChargePointAction): boolean {
    return this.inFlight?.call.action === action || this.queue.some((c) => c.action === action);
  }

  get waiting(): number {
    return this.queue.length + (this.inFlight ? 1 : 0);
  }

  attach(send: (text: string) => void): void {
    this.send = send;
    this.pump();
  }

  setBooted(booted: boolean): void {
    this.booted = booted;
    this.pump();
  }

  /** The socket is gone: keep durable calls (the in-flight one first), fail the others. */
  detach(): void {
    this.send = null;
    this.booted = false;
    const dropped: QueuedCall[] = [];
    const kept: QueuedCall[] = [];
    const inFlight = this.inFlight;
    this.inFlight = null;
    if (inFlight) {
      inFlight.timeout.cancel();
      (inFlight.call.durable ? kept : dropped).push(inFlight.call);
    }
    for (const call of this.queue) (call.durable ? kept : dropped).push(call);
    this.queue = kept;
    for (const call of dropped) call.settle({ ok: false, reason: 'disconnected' });
  }

  /** Forget everything (the charger is being shut down). */
  clear(): void {
    this.inFlight?.timeout.cancel();
    this.inFlight = null;
    this.queue = [];
    this.send = null;
  }

  onCallResult(messageId: string, payload: unknown): void {
    const done = this.take(messageId);
    if (!done) return;
    this.deps.stats.recordLatency(this.deps.scheduler.now() - done.sentAtMs);
    done.call.settle({ ok: true, payload });
    this.pump();
  }

  onCallError(messageId: string, errorCode: string, description: string): void {
    const done = this.take(messageId);
    if (!done) return;
    this.deps.stats.recordLatency(this.deps.scheduler.now() - done.sentAtMs);
    this.deps.stats.rejects++;
    done.call.settle({ ok: false, reason: `${errorCode}: ${description}` });
    this.pump();
  }

  private take(messageId: string): InFlight | null {
    const current = this.inFlight;
    // A late answer to a timed-out call, or an id we never sent: ignored (OCPP-J: never resumes a call).
    if (!current || current.messageId !== messageId) return null;
    current.timeout.cancel();
    this.inFlight = null;
    return current;
  }

  private nextSendable(): QueuedCall | undefined {
    const index = this.booted ? 0 : this.queue.findIndex((c) => c.beforeBoot);
    if (index < 0 || index >= this.queue.length) return undefined;
    return this.queue.splice(index, 1)[0];
  }

  private pump(): void {
    while (this.send && !this.inFlight) {
      const call = this.nextSendable();
      if (!call) return;
      const own = validateOwnRequest(call.action, call.payload);
      if (!own.ok) {
        this.deps.warn('charger built an invalid CALL; not sent', { action: call.action, problem: own.description });
        call.settle({ ok: false, reason: `invalid request: ${own.description}` });
        continue;
      }
      const messageId = this.deps.nextMessageId();
      const timeout = this.deps.scheduler.after(this.deps.timeoutMs, () => this.onTimeout(messageId));
      this.inFlight = { call, messageId, sentAtMs: this.deps.scheduler.now(), timeout };
      this.deps.stats.callsOut++;
      this.send(callFrame(messageId, call.action, call.payload));
    }
  }

  private onTimeout(messageId: string): void {
    const current = this.inFlight;
    if (!current || current.messageId !== messageId) return;
    this.inFlight = null;
    this.deps.stats.timeouts++;
    current.call.settle({ ok: false, reason: 'timeout' });
    this.pump();
  }
}
