import { ChargerCallRequest, subjects, type DeadlineCallReply } from '@chargeplane/contracts-api';
import type { CallErrorCode, CentralSystemAction, JsonObject } from '@chargeplane/contracts-ocpp';
import { callFrame, PendingCalls, validateCall, validateResult, type ValidCall } from '@chargeplane/ocpp-protocol';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { WebSocket } from 'ws';
import { z } from 'zod';
import type { EdgeMetrics } from '../ops/edge-metrics.js';
import { CallTrace } from './call-trace.js';
import type { CallResult, ConnectionFacts } from './connection-facts.js';
import type { ConnectionLog } from './connection-log.js';
import type { PlatformTime } from './platform-time.js';

// Timed-out message ids remembered per connection, so their late answers are still recognised (and recorded).
const LATE_RESULT_MEMORY = 16;

/** A CSMS→charger call held by one connection until its answer, its timeout or the end of the connection. */
interface OutboundCall {
  readonly messageId: string;
  /** The requester's timeout (the charger model's: zappi crosses two clouds), else the edge default. */
  readonly timeoutMs: number;
  readonly valid: ValidCall<CentralSystemAction>;
  /**
   * Before when (edge clock) it must be on the wire: the requester's `sendBy`, or when the requester stops waiting,
   * whichever is earlier. A call still queued then is never sent (`PendingCalls` sets it aside).
   */
  readonly sendBy: number;
  /** The requester gave a `sendBy` (a budgeted write): it is told `not-sent`; others only ever waited for a reply. */
  readonly deadlineRequested: boolean;
  readonly respond: (reply: DeadlineCallReply) => void;
  readonly trace: CallTrace;
}

/** What the `OutboundCalls` of every connection share: built once per edge, not once per socket. */
export interface OutboundCallsShared {
  readonly bus: NatsBus;
  readonly now: () => number;
  readonly newId: () => string;
  readonly metrics: EdgeMetrics;
  readonly timeoutMs: number;
  readonly maxQueued: number;
  /** The platform's clock, on which `sendBy` and `sentAt` travel. */
  readonly platformTime: PlatformTime;
  /** The edge's shared `nc.flush()` (`CoalescedFlush`). */
  readonly flush: () => Promise<void>;
}

/** The connection an `OutboundCalls` serves: where CALLs go, where the charger's answers are recorded, its log. */
export interface OutboundCallsConnection {
  readonly chargerId: string;
  readonly ws: WebSocket;
  readonly facts: ConnectionFacts;
  readonly log: ConnectionLog;
}

/**
 * One connection's side of `cp.{chargerId}.call`: requests are checked against the OCPP 1.6 schemas, queued in
 * `PendingCalls` (one CALL on the wire at a time, OCPP-J §4.1.1) and answered with the charger's CALLRESULT, its
 * CALLERROR, `timeout`, `offline`, or `not-sent` for a call that could not be on the wire before its `sendBy` (a
 * budgeted write, which may not reach the charger later than its budget's guard allows); every answer of the charger
 * says when the call was sent (`sentAt`), and every schema-valid CALLRESULT is recorded as a fact. One timer follows
 * the next deadline (the outstanding call's timeout or a queued call's `sendBy`). The queue exists from the first call on: most sockets never get one.
 */
export class OutboundCalls {
  #pending: PendingCalls<OutboundCall> | undefined;
  #subscription: Subscription | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly shared: OutboundCallsShared,
    private readonly connection: OutboundCallsConnection,
  ) {}

  /**
   * Starts taking calls: core NATS without a queue group, so only the edge holding the socket answers. Resolves once
   * the server has the subscription, so a charger that got its first answer is reachable too.
   */
  async start(): Promise<void> {
    if (this.#stopped || this.#subscription !== undefined) return;
    const { bus } = this.shared;
    this.#subscription = bus.nc.subscribe(bus.subject(subjects.chargerCall(this.connection.chargerId)), {
      callback: (error, msg) => {
        if (error) this.connection.log.warn({ err: error }, 'charger call subscription failed');
        else if (msg.reply) this.#receive(msg);
      },
    });
    await this.shared.flush();
  }

  /** Ends the subscription; every call not yet answered is answered `offline`. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    this.#clearTimer();
    const drained = this.#pending?.drain();
    if (drained === undefined) return;
    const { outstanding, queued } = drained;
    if (outstanding !== undefined) {
      // It was on the wire when the connection ended: the charger may have applied it. Unknown, like a timeout.
      this.#completed(outstanding.call, 'lost', outstanding.sentAt);
      const { messageId } = outstanding.call;
      outstanding.call.respond({ kind: 'timeout', messageId, sentAt: this.#platform(outstanding.sentAt) });
    }
    for (const call of queued) call.respond({ kind: 'offline' });
  }

  /** A CALLRESULT from the charger; false when it answers no call of ours (neither outstanding nor timed out). */
  result(messageId: string, payload: JsonObject): boolean {
    const pending = this.#pending;
    const settled = pending?.settle(messageId, payload);
    if (pending === undefined || settled === undefined || settled.kind === 'unknown') return false;
    const { log } = this.connection;
    const { metrics } = this.shared;
    if (settled.kind === 'late') {
      const { action, payload: request } = settled.expired.call.valid;
      log.info({ messageId, action }, 'late CALLRESULT after timeout');
      metrics.error('late_result');
      if (validateResult(action, payload).ok)
        settled.expired.call.trace.run(() =>
          this.#record({ messageId, action, request, response: payload, late: true }),
        );
      return true;
    }
    const { call, sentAt } = settled.sent;
    const checked = validateResult(call.valid.action, payload);
    if (checked.ok) {
      this.#completed(call, 'result', sentAt);
      call.respond({ kind: 'result', payload, messageId, sentAt: this.#platform(sentAt) });
      const { action, payload: request } = call.valid;
      call.trace.run(() => this.#record({ messageId, action, request, response: payload, late: false }));
    } else {
      // A result we cannot read is no confirmation: report it as an error so nothing records it as applied.
      log.warn({ messageId, action: call.valid.action, problem: checked.error }, 'invalid CALLRESULT');
      this.#completed(call, 'invalid-result', sentAt);
      const description = `invalid CALLRESULT: ${checked.error.description}`;
      call.respond(callError(messageId, checked.error.code, description, {}, this.#platform(sentAt)));
    }
    this.#pump(pending);
    return true;
  }

  /** A CALLERROR from the charger; false when it answers no call of ours. */
  error(messageId: string, code: CallErrorCode, description: string, details: JsonObject): boolean {
    const pending = this.#pending;
    const settled = pending?.settle(messageId, code);
    if (pending === undefined || settled === undefined || settled.kind === 'unknown') return false;
    if (settled.kind === 'late') {
      this.connection.log.info({ messageId, code }, 'late CALLERROR after timeout');
      this.shared.metrics.error('late_result');
      return true;
    }
    this.#completed(settled.sent.call, 'call-error', settled.sent.sentAt);
    const sentAt = this.#platform(settled.sent.sentAt);
    settled.sent.call.respond(callError(messageId, code, description, details, sentAt));
    this.#pump(pending);
    return true;
  }

  #receive(msg: Msg): void {
    const { log } = this.connection;
    const { metrics, now, newId, timeoutMs, maxQueued } = this.shared;
    const trace = new CallTrace(msg, this.connection.chargerId);
    const respond = (reply: DeadlineCallReply): void => {
      trace.answered(reply.kind);
      try {
        msg.respond(JSON.stringify({ result: reply }));
      } catch (err) {
        log.warn({ err }, 'could not reply to a charger call');
      }
    };
    const refuse = (reason: string): void => {
      metrics.error('call_refused');
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
    const callTimeoutMs = request.data.timeoutMs ?? timeoutMs;
    const replyBy = now() + callTimeoutMs;
    const { sendBy } = request.data;
    const call: OutboundCall = {
      messageId: newId(),
      timeoutMs: callTimeoutMs,
      valid: valid as ValidCall<CentralSystemAction>,
      sendBy: sendBy === undefined ? replyBy : Math.min(replyBy, this.shared.platformTime.toLocal(sendBy)),
      deadlineRequested: sendBy !== undefined,
      respond,
      trace,
    };
    this.#pending ??= new PendingCalls({ maxQueued, timeoutMs, lateResultMemory: LATE_RESULT_MEMORY });
    const queued = this.#pending.enqueue(call);
    if (!queued.ok)
      return refuse(queued.reason === 'queueFull' ? 'too many calls queued for this charger' : queued.reason);
    this.#pump(this.#pending);
  }

  /**
   * Answers the calls that can no longer be sent in time, then sends the next call when none is outstanding. A late
   * call is never sent: a budgeted write would reach the charger later than it was counted for, and any other call
   * would only put an unrecorded change on the charger once its requester has given up.
   */
  #pump(pending: PendingCalls<OutboundCall>): void {
    const { log, ws } = this.connection;
    const { metrics } = this.shared;
    const now = this.shared.now();
    for (const call of pending.missed(now)) this.#notSent(call);
    const sent = pending.next(now);
    if (sent !== undefined) {
      const { call } = sent;
      call.trace.sent(call.valid.action, call.messageId);
      if (ws.readyState === WebSocket.OPEN) ws.send(callFrame(call.messageId, call.valid.action, call.valid.payload));
      metrics.frame('out', 'call', call.valid.action);
      log.debug({ messageId: call.messageId, action: call.valid.action }, 'CALL sent');
    }
    this.#arm(pending);
  }

  #notSent(call: OutboundCall): void {
    const { action } = call.valid;
    this.connection.log.info({ messageId: call.messageId, action }, 'call not sent: its send deadline passed');
    this.shared.metrics.error('call_not_sent');
    if (!call.deadlineRequested)
      return call.respond({
        kind: 'refused',
        reason: 'not sent: the request timed out while queued behind other calls',
      });
    call.respond({
      kind: 'not-sent',
      reason: `not sent: ${action} could not be put on the wire before its send deadline (queued behind other calls to this charger, or late on arrival)`,
    });
  }

  /** An edge-clock instant as the platform's clock reads it. */
  #platform(localInstant: number): number {
    return this.shared.platformTime.toPlatform(localInstant);
  }

  #arm(pending: PendingCalls<OutboundCall>): void {
    this.#clearTimer();
    const deadline = pending.nextDeadline();
    if (deadline === undefined || this.#stopped) return;
    this.#timer = setTimeout(() => this.#onDeadline(pending), Math.max(0, deadline - this.shared.now()));
  }

  #onDeadline(pending: PendingCalls<OutboundCall>): void {
    this.#timer = undefined;
    const expired = pending.expire(this.shared.now());
    if (expired !== undefined) {
      const { call } = expired;
      this.connection.log.warn({ messageId: call.messageId, action: call.valid.action }, 'charger call timed out');
      this.#completed(call, 'timeout', expired.sentAt);
      call.respond({ kind: 'timeout', messageId: call.messageId, sentAt: this.#platform(expired.sentAt) });
    }
    this.#pump(pending);
  }

  /** The charger's answer as a fact, in order with the connection's other facts. */
  #record(result: CallResult): void {
    void this.connection.facts.callResult(result, this.shared.now());
  }

  #completed(call: OutboundCall, outcome: string, sentAt: number): void {
    call.trace.completed(outcome);
    const seconds = Math.max(0, this.shared.now() - sentAt) / 1000;
    this.shared.metrics.callCompleted(call.valid.action, outcome, seconds);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function callError(
  messageId: string,
  code: string,
  description: string,
  details: JsonObject,
  sentAt: number,
): DeadlineCallReply {
  return { kind: 'call-error', code, description, details, messageId, sentAt };
}
