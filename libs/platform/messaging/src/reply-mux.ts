import { createInbox, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';

/** No reply came within the request's time. Its message says "timeout" (infrastructure-errors.ts: retried). */
export class ReplyTimeoutError extends Error {
  override readonly name = 'ReplyTimeoutError';
  constructor(subject: string, timeoutMs: number) {
    super(`timeout: no reply to ${subject} within ${timeoutMs} ms`);
  }
}

/** Nothing subscribes to the subject (NATS's 503 status). Its message says "no responders". */
export class NoRespondersError extends Error {
  override readonly name = 'NoRespondersError';
  constructor(subject: string) {
    super(`no responders: nothing is subscribed to ${subject}`);
  }
}

interface Waiting {
  readonly subject: string;
  readonly resolve: (msg: Msg) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Request/reply for one connection over a single inbox subscription of its own (`_INBOX.<nuid>.*`, one token per
 * request): every `NatsBus` request and JetStream publish goes through it. The client's own `request` does the same
 * on the wire, but for each request also races a timeout promise and, after the request has resolved, builds a
 * `RequestError` (with its stack) to reject the settled promise in `RequestOne.cancel()`: in the edge's CPU profile
 * that was 4–8 % of a call's cost (bench/README.md, ocpp-edge, "CSMS call throughput"). Here a request is a map entry
 * and a timer. A reply with no payload and status 503 means nothing subscribes to the subject; a closed connection
 * fails every request still waiting.
 */
export class ReplyMux {
  readonly #prefix = `${createInbox()}.`;
  readonly #waiting = new Map<string, Waiting>();
  #next = 0;

  constructor(private readonly nc: NatsConnection) {
    nc.subscribe(`${this.#prefix}*`, {
      callback: (error, msg) => (error ? this.#failAll(error) : this.#deliver(msg)),
    });
    void nc.closed().then((error) => this.#failAll(error ?? new Error('NATS connection closed')));
  }

  /** Publishes `data` with a reply subject of this mux; resolves with the first reply, rejects after `timeoutMs`. */
  request(subject: string, data: string | Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<Msg> {
    const token = (this.#next++).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(token);
        reject(new ReplyTimeoutError(subject, timeoutMs));
      }, timeoutMs);
      this.#waiting.set(token, { subject, resolve, reject, timer });
      try {
        this.nc.publish(
          subject,
          data,
          headers ? { reply: this.#prefix + token, headers } : { reply: this.#prefix + token },
        );
      } catch (error) {
        // Refused before it left (over max_payload, a closed connection): the caller gets the client's error.
        clearTimeout(timer);
        this.#waiting.delete(token);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Requests still waiting for their reply. */
  get waiting(): number {
    return this.#waiting.size;
  }

  #deliver(msg: Msg): void {
    const token = msg.subject.slice(this.#prefix.length);
    const waiting = this.#waiting.get(token);
    // A reply after the request timed out (or a second reply) finds nothing: it is dropped.
    if (waiting === undefined) return;
    this.#waiting.delete(token);
    clearTimeout(waiting.timer);
    if (msg.data.length === 0 && msg.headers?.code === 503) waiting.reject(new NoRespondersError(waiting.subject));
    else waiting.resolve(msg);
  }

  #failAll(error: Error): void {
    for (const waiting of this.#waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.#waiting.clear();
  }
}
