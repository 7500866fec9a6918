/** A call the platform sends; anything with a message id (the action, payload and context travel with it). */
export interface OutboundCall {
  readonly messageId: string;
  /** This call's own answer timeout in ms (the charger model's), overriding the connection's default. */
  readonly timeoutMs?: number;
  /**
   * The instant (ms, the owner's clock) before which the call must be on the wire; a call still waiting then is never
   * handed out by `next` but returned by `missed` (a budgeted write: counted when dispatched, it may not reach the
   * charger arbitrarily later). Absent: the call waits its turn however long that takes.
   */
  readonly sendBy?: number;
}

/** Limits of one connection's outbound calls. */
export interface PendingCallsOptions {
  /** Calls that may wait behind the outstanding one; enqueueing beyond this is refused. */
  readonly maxQueued: number;
  /** How long the outstanding call may wait for its answer, in ms (per charger model: 30–60 s for zappi). */
  readonly timeoutMs: number;
  /** How many timed-out ids are remembered so that their late answers are reported as `late` rather than `unknown`. */
  readonly lateResultMemory: number;
}

/** The call on the wire: when it was handed out by `next` and when it times out. */
export interface SentCall<T extends OutboundCall> {
  readonly call: T;
  readonly sentAt: number;
  readonly deadline: number;
}

/** A call whose timeout passed: its outcome is unknown. */
export interface ExpiredCall<T extends OutboundCall> extends SentCall<T> {
  readonly expiredAt: number;
}

/** Result of `enqueue`. */
export type EnqueueResult =
  | { readonly ok: true; readonly position: number }
  | { readonly ok: false; readonly reason: 'queueFull' | 'duplicateMessageId' };

/** Result of `settle`: only `settled` completes a call; `late` and `unknown` must never resume anything. */
export type SettleResult<T extends OutboundCall, O> =
  | { readonly kind: 'settled'; readonly sent: SentCall<T>; readonly outcome: O }
  /** Answer to a call that already timed out: for logs and reconciliation only. */
  | { readonly kind: 'late'; readonly expired: ExpiredCall<T>; readonly outcome: O }
  /** Answer to an id not outstanding and not remembered (never sent, already answered, or forgotten). */
  | { readonly kind: 'unknown'; readonly messageId: string; readonly outcome: O };

/**
 * The outbound CALLs of one connection (OCPP-J §4.1.1): at most one outstanding, the rest waiting in FIFO order up to a
 * bound. No timers and no I/O: time is passed in (ms), and the owner calls `expire(now)` when `nextDeadline()` is
 * reached, then `next(now)` to get the call to send. The boundary of a timeout is the `expire` call: an answer that
 * arrives before it settles the call; after it, the call is reported `late` and stays timed out. A call with a
 * `sendBy` is handed out only before that instant; after it the owner collects it from `missed(now)` (at the latest
 * when it would have reached the head of the queue) and answers it as never sent. Calls the charger sends us never
 * pass through here, so they cross ours freely.
 */
export class PendingCalls<T extends OutboundCall> {
  readonly #options: PendingCallsOptions;
  #waiting: T[] = [];
  #outstanding: SentCall<T> | undefined = undefined;
  #expired: ExpiredCall<T>[] = [];
  /** Calls whose `sendBy` passed while waiting, held until the owner collects them with `missed`. */
  #missed: T[] = [];

  constructor(options: PendingCallsOptions) {
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isInteger(value) || value < 0 || (name === 'timeoutMs' && value === 0)) {
        throw new RangeError(
          `PendingCalls: ${name} must be a ${name === 'timeoutMs' ? 'positive' : 'non-negative'} integer`,
        );
      }
    }
    this.#options = { ...options };
  }

  /** The call awaiting its answer, if any. */
  get outstanding(): SentCall<T> | undefined {
    return this.#outstanding;
  }

  /** Number of calls waiting to be sent. */
  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * The next instant (ms) the owner must act at, for its single timer: the outstanding call's timeout (then `expire`),
   * or the earliest `sendBy` of a waiting call (then `missed`), whichever comes first.
   */
  nextDeadline(): number | undefined {
    const instants = [
      ...(this.#outstanding ? [this.#outstanding.deadline] : []),
      ...this.#waiting.flatMap((call) => (call.sendBy === undefined ? [] : [call.sendBy])),
    ];
    return instants.length > 0 ? Math.min(...instants) : undefined;
  }

  /** Takes out every call that can no longer be sent in time (`sendBy` ≤ `now`), in queue order: never sent. */
  missed(now: number): T[] {
    this.#collectMissed(now);
    const missed = this.#missed;
    this.#missed = [];
    return missed;
  }

  /** Appends a call to the FIFO; refused when the queue is full or its id is already in use on this connection. */
  enqueue(call: T): EnqueueResult {
    if (this.#knows(call.messageId)) return { ok: false, reason: 'duplicateMessageId' };
    if (this.#waiting.length >= this.#options.maxQueued) return { ok: false, reason: 'queueFull' };
    this.#waiting.push(call);
    return { ok: true, position: this.#waiting.length - 1 };
  }

  /** Removes a call that is still waiting (e.g. superseded before it was sent); a sent call cannot be withdrawn. */
  withdraw(messageId: string): T | undefined {
    const index = this.#waiting.findIndex((call) => call.messageId === messageId);
    if (index < 0) return undefined;
    const [call] = this.#waiting.splice(index, 1);
    return call;
  }

  /**
   * The next call to send, now outstanding until `settle` or `expire`; undefined while one is outstanding or none
   * waits. A call whose `sendBy` has passed is never handed out: it is set aside for `missed`.
   */
  next(now: number): SentCall<T> | undefined {
    if (this.#outstanding !== undefined) return undefined;
    this.#collectMissed(now);
    const call = this.#waiting.shift();
    if (call === undefined) return undefined;
    this.#outstanding = { call, sentAt: now, deadline: now + (call.timeoutMs ?? this.#options.timeoutMs) };
    return this.#outstanding;
  }

  /** Matches a CALLRESULT or CALLERROR (`outcome`) to the call it answers. */
  settle<O>(messageId: string, outcome: O): SettleResult<T, O> {
    const sent = this.#outstanding;
    if (sent !== undefined && sent.call.messageId === messageId) {
      this.#outstanding = undefined;
      return { kind: 'settled', sent, outcome };
    }
    const index = this.#expired.findIndex((e) => e.call.messageId === messageId);
    if (index >= 0) {
      // Reported once: a second answer to the same id is unknown.
      const [expired] = this.#expired.splice(index, 1);
      if (expired !== undefined) return { kind: 'late', expired, outcome };
    }
    return { kind: 'unknown', messageId, outcome };
  }

  /** Times out the outstanding call when `now` has reached its deadline, and returns it (its outcome is unknown). */
  expire(now: number): ExpiredCall<T> | undefined {
    const sent = this.#outstanding;
    if (sent === undefined || now < sent.deadline) return undefined;
    this.#outstanding = undefined;
    const expired: ExpiredCall<T> = { ...sent, expiredAt: now };
    this.#expired.push(expired);
    if (this.#expired.length > this.#options.lateResultMemory) this.#expired.shift();
    return expired;
  }

  /** Empties everything, e.g. when the connection closes: the outstanding call's outcome is unknown, queued ones were never sent. */
  drain(): { readonly outstanding: SentCall<T> | undefined; readonly queued: readonly T[] } {
    const drained = { outstanding: this.#outstanding, queued: [...this.#missed, ...this.#waiting] };
    this.#outstanding = undefined;
    this.#waiting = [];
    this.#missed = [];
    this.#expired = [];
    return drained;
  }

  #collectMissed(now: number): void {
    if (!this.#waiting.some((call) => call.sendBy !== undefined && call.sendBy <= now)) return;
    this.#missed.push(...this.#waiting.filter((call) => call.sendBy !== undefined && call.sendBy <= now));
    this.#waiting = this.#waiting.filter((call) => call.sendBy === undefined || call.sendBy > now);
  }

  #knows(messageId: string): boolean {
    return (
      this.#outstanding?.call.messageId === messageId ||
      this.#waiting.some((call) => call.messageId === messageId) ||
      this.#missed.some((call) => call.messageId === messageId) ||
      this.#expired.some((e) => e.call.messageId === messageId)
    );
  }
}
