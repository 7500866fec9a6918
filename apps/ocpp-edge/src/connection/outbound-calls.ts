import { ChargerCallRequest, subjects, type ChargerCallReply } from '@chargeplane/contracts-api';
import type { CallErrorCode, CentralSystemAction, JsonObject } from '@chargeplane/contracts-ocpp';
import { callFrame, PendingCalls, validateCall, validateResult, type ValidCall } from '@chargeplane/ocpp-protocol';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { z } from 'zod';
import type { EdgeMetrics } from '../ops/edge-metrics.js';

/** A CSMS→charger call held by one connection until its answer, its timeout or the end of the connection. */
interface OutboundCall {
  readonly messageId: string;
  /** The requester's timeout (the charger model's: zappi crosses two clouds), else the edge default. */
  readonly timeoutMs: number;
  readonly valid: ValidCall<CentralSystemAction>;
  /** When the requester stops waiting; a call still queued by then is not sent any more. */
  readonly replyBy: number;
  readonly respond: (reply: ChargerCallReply) => void;
}

/** The charger's answer to one of our calls, as recorded. */
export interface CallResult {
  readonly messageId: string;
  readonly action: CentralSystemAction;
  readonly request: JsonObject;
  readonly response: JsonObject;
  readonly late: boolean;
}

/** What `OutboundCalls` needs from its connection and the app. */
export interface OutboundCallsDeps {
  readonly bus: NatsBus;
  readonly chargerId: string;
  readonly send: (frame: string) => void;
  readonly now: () => number;
  readonly newId: () => string;
  readonly log: Logger;
  readonly metrics: EdgeMetrics;
  /**
   * A schema-valid CALLRESULT: the connection records it as a fact. `late` marks one that arrived after its call had
   * timed out: it resumes nothing, but tells the platform what the charger did (SMART-CHARGING §3.5: reconciliation).
   */
  readonly onResult: (result: CallResult) => void;
  readonly timeoutMs: number;
  readonly maxQueued: number;
}

/**
 * One connection's side of `cp.{chargerId}.call`: requests are checked against the OCPP 1.6 schemas, queued in
 * `PendingCalls` (one CALL on the wire at a time, OCPP-J §4.1.1) and answered with the charger's CALLRESULT, its
 * CALLERROR, `timeout` or `offline`. One timer follows the outstanding call's deadline.
 */
export class OutboundCalls {
  readonly #pending: PendingCalls<OutboundCall>;
  #subscription: Subscription | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(private readonly deps: OutboundCallsDeps) {
    this.#pending = new PendingCalls({ maxQueued: deps.maxQueued, timeoutMs: deps.timeoutMs, lateResultMemory: 16 });
  }

  /**
   * Starts taking calls: core NATS without a queue group, so only the edge holding the socket answers. Resolves once
   * the server has the subscription, so a charger that got its first answer is reachable too.
   */
  async start(): Promise<void> {
    if (this.#stopped || this.#subscription !== undefined) return;
    const subject = this.deps.bus.subject(subjects.chargerCall(this.deps.chargerId));
    this.#subscription = this.deps.bus.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) this.deps.log.warn({ err: error }, 'charger call subscription failed');
        else if (msg.reply) this.#receive(msg);
      },
    });
    await this.deps.bus.nc.flush();
  }

  /** Ends the subscription; every call not yet answered is answered `offline`. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    this.#clearTimer();
    const { outstanding, queued } = this.#pending.drain();
    if (outstanding !== undefined) {
      // It was on the wire when the connection ended: the charger may have applied it. Unknown, like a timeout.
      this.#completed(outstanding.call, 'lost', outstanding.sentAt);
      outstanding.call.respond({ kind: 'timeout', messageId: outstanding.call.messageId });
    }
    for (const call of queued) call.respond({ kind: 'offline' });
  }

  /** A CALLRESULT from the charger; false when it answers no call of ours (neither outstanding nor timed out). */
  result(messageId: string, payload: JsonObject): boolean {
    const settled = this.#pending.settle(messageId, payload);
    if (settled.kind === 'unknown') return false;
    if (settled.kind === 'late') {
      const { action, payload: request } = settled.expired.call.valid;
      this.deps.log.info({ messageId, action }, 'late CALLRESULT after timeout');
      this.deps.metrics.error('late_result');
      if (validateResult(action, payload).ok)
        this.deps.onResult({ messageId, action, request, response: payload, late: true });
      return true;
    }
    const { call, sentAt } = settled.sent;
    const checked = validateResult(call.valid.action, payload);
    if (checked.ok) {
      this.#completed(call, 'result', sentAt);
      call.respond({ kind: 'result', payload, messageId });
      const { action, payload: request } = call.valid;
      this.deps.onResult({ messageId, action, request, response: payload, late: false });
    } else {
      // A result we cannot read is no confirmation: report it as an error so nothing records it as applied.
      this.deps.log.warn({ messageId, action: call.valid.action, problem: checked.error }, 'invalid CALLRESULT');
      this.#completed(call, 'invalid-result', sentAt);
      call.respond(callError(messageId, checked.error.code, `invalid CALLRESULT: ${checked.error.description}`, {}));
    }
    this.#pump();
    return true;
  }

  /** A CALLERROR from the charger; false when it answers no call of ours. */
  error(messageId: string, code: CallErrorCode, description: string, details: JsonObject): boolean {
    const settled = this.#pending.settle(messageId, code);
    if (settled.kind === 'unknown') return false;
    if (settled.kind === 'late') {
      this.deps.log.info({ messageId, code }, 'late CALLERROR after timeout');
      this.deps.metrics.error('late_result');
      return true;
    }
    this.#completed(settled.sent.call, 'call-error', settled.sent.sentAt);
    settled.sent.call.respond(callError(messageId, code, description, details));
    this.#pump();
    return true;
  }

  #receive(msg: Msg): void {
    const respond = (reply: ChargerCallReply): void => {
      try {
        msg.respond(JSON.stringify({ result: reply }));
      } catch (err) {
        this.deps.log.warn({ err }, 'could not reply to a charger call');
      }
    };
    const refuse = (reason: string): void => {
      this.deps.metrics.error('call_refused');
      respond({ kind: 'refused', reason });
    };
    if (this.#stopped) return respond({ kind: 'offline' });
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      return refuse('request is not JSON');
    }
    const request = ChargerCallRequest.safeParse(raw);
    if (!request.success) return refuse(`request does not match ChargerCallRequest: ${z.prettifyError(request.error)}`);
    const valid = validateCall(request.data.action, request.data.payload, 'toChargePoint');
    if (!valid.ok) return refuse(`${valid.error.code}: ${valid.error.description}`);
    const now = this.deps.now();
    const call: OutboundCall = {
      messageId: this.deps.newId(),
      timeoutMs: request.data.timeoutMs ?? this.deps.timeoutMs,
      valid: valid as ValidCall<CentralSystemAction>,
      replyBy: now + (request.data.timeoutMs ?? this.deps.timeoutMs),
      respond,
    };
    const queued = this.#pending.enqueue(call);
    if (!queued.ok)
      return refuse(queued.reason === 'queueFull' ? 'too many calls queued for this charger' : queued.reason);
    this.#pump();
  }

  /** Sends the next call when none is outstanding, dropping calls whose requester has already given up. */
  #pump(): void {
    for (;;) {
      const now = this.deps.now();
      const sent = this.#pending.next(now);
      if (sent === undefined) break;
      const { call } = sent;
      if (now >= call.replyBy) {
        // Nobody waits for it any more: sending it would only put an unrecorded write on the charger.
        this.#pending.settle(call.messageId, 'dropped');
        call.respond({ kind: 'refused', reason: 'not sent: the request timed out while queued behind other calls' });
        continue;
      }
      this.deps.send(callFrame(call.messageId, call.valid.action, call.valid.payload));
      this.deps.metrics.frame('out', 'call', call.valid.action);
      this.deps.log.debug({ messageId: call.messageId, action: call.valid.action }, 'CALL sent');
      break;
    }
    this.#arm();
  }

  #arm(): void {
    this.#clearTimer();
    const deadline = this.#pending.nextDeadline();
    if (deadline === undefined || this.#stopped) return;
    this.#timer = setTimeout(() => this.#onDeadline(), Math.max(0, deadline - this.deps.now()));
  }

  #onDeadline(): void {
    this.#timer = undefined;
    const expired = this.#pending.expire(this.deps.now());
    if (expired !== undefined) {
      const { call } = expired;
      this.deps.log.warn({ messageId: call.messageId, action: call.valid.action }, 'charger call timed out');
      this.#completed(call, 'timeout', expired.sentAt);
      call.respond({ kind: 'timeout', messageId: call.messageId });
    }
    this.#pump();
  }

  #completed(call: OutboundCall, outcome: string, sentAt: number): void {
    this.deps.metrics.callCompleted(call.valid.action, outcome, Math.max(0, this.deps.now() - sentAt) / 1000);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function callError(messageId: string, code: string, description: string, details: JsonObject): ChargerCallReply {
  return { kind: 'call-error', code, description, details, messageId };
}
