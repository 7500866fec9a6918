import { callErrorFrame, parseFrame } from '@chargeplane/ocpp-protocol';
import { inSpan } from '@chargeplane/platform-observability';
import { WebSocket, type RawData } from 'ws';
import { factNotRecorded, handleChargerCall, type InboundCall } from '../charger-calls/handle-charger-call.js';
import type { CloseRequest, ConnectionParts, ConnectionShared } from './connection-parts.js';
import { TokenBucket } from './token-bucket.js';

type State = 'starting' | 'open' | 'ended';

// The platform side failed, not the charger: it should retry (possibly reaching a healthier replica).
const UNAVAILABLE: CloseRequest = { code: 1011, text: 'service unavailable, retry later' };

/**
 * One charger's WebSocket: frames in, answers and CSMS calls out, facts to JetStream. Nothing is processed before
 * the `Connected` fact is acked; charger CALLs are answered one at a time in arrival order (a charger waits for each
 * answer anyway, OCPP-J §4.1.1), while CALLRESULTs to our own calls are handled as soon as they arrive.
 */
export class ChargerConnection {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly #s: ConnectionShared;
  readonly #p: ConnectionParts;
  readonly #openedAt: number;
  readonly #callRate: TokenBucket;
  readonly #badFrames: TokenBucket;
  readonly #early: { readonly data: RawData; readonly isBinary: boolean }[] = [];
  readonly #calls: (InboundCall & { readonly receivedAt: number })[] = [];
  #state: State = 'starting';
  #answering = false;
  #alive = true;
  #ending: Promise<void> | undefined;

  constructor(shared: ConnectionShared, parts: ConnectionParts) {
    this.#s = shared;
    this.#p = parts;
    this.chargerId = parts.charger.chargerId;
    this.connectionId = parts.connectionId;
    const now = shared.now();
    this.#openedAt = now;
    this.#callRate = new TokenBucket(shared.limits.callRate, now);
    this.#badFrames = new TokenBucket(shared.limits.badFrames, now);
    shared.metrics.connections.inc();
    const { events } = shared;
    // Frames, errors and the close go through one queue, so a close never overtakes a frame that came before it.
    parts.ws.on('message', (data, isBinary) => events.run(() => this.#onMessage(data, isBinary)));
    parts.ws.on('pong', () => {
      this.#alive = true;
    });
    parts.ws.on('error', (error: Error & { code?: string }) =>
      events.run(() => {
        shared.metrics.error(error.code ?? 'socket_error');
        void this.end(`socket error: ${error.message}`);
      }),
    );
    parts.ws.once('close', (code, reason) =>
      events.run(() => {
        const text = reason.toString('utf8');
        void this.end(`connection closed (${code}${text === '' ? '' : ` ${text}`})`);
      }),
    );
  }

  /** Records `Connected`, subscribes to CSMS calls, then serves frames; either failing closes the socket (1011). */
  async start(): Promise<void> {
    if (this.#state !== 'starting') return;
    const recorded = await this.#p.facts.connected(this.#openedAt);
    if (this.#state !== 'starting') return;
    if (!recorded) {
      await this.end('the Connected fact could not be recorded', UNAVAILABLE);
      return;
    }
    try {
      await this.#p.outbound.start();
    } catch (error) {
      // A charger the platform cannot call is worse than one that reconnects.
      this.#p.log.error({ err: error }, 'could not subscribe to charger calls');
      await this.end('could not subscribe to charger calls', UNAVAILABLE);
      return;
    }
    if (this.#state !== 'starting') return;
    this.#state = 'open';
    this.#p.log.info({}, 'charger connected');
    for (const frame of this.#early.splice(0)) this.#handleFrame(frame.data, frame.isBinary);
  }

  /**
   * Ends the connection once (later calls return the same promise): stops CSMS calls (`offline`), closes the socket
   * when `close` is given, and resolves after the `Disconnected` fact, which follows every other fact of it.
   */
  end(reason: string, close?: CloseRequest): Promise<void> {
    this.#ending ??= this.#finish(reason, close).catch((err: unknown) => {
      this.#p.log.error({ err, reason }, 'connection did not end cleanly');
    });
    return this.#ending;
  }

  /**
   * Records `Connected` again for this same connection, after the edge's NATS connection came back (L4a): while it
   * was away, calls to this charger found nobody subscribed and were answered `offline`, and the platform took the
   * charger offline although its socket never closed. Ordered with the connection's other facts, so a
   * `Disconnected` that follows still comes after it. Only an open connection re-announces itself: one still
   * starting records its first `Connected` and subscribes afterwards anyway.
   */
  reannounce(): Promise<boolean> {
    if (this.#state !== 'open') return Promise.resolve(false);
    return this.#p.facts.connectedAgain(this.#s.now());
  }

  /** Keep-alive sweep: terminates a socket that did not answer the previous ping, then pings again. */
  ping(): void {
    if (this.#state === 'ended') return;
    if (!this.#alive) {
      this.#s.metrics.error('missed_pong');
      this.#p.ws.terminate();
      void this.end('no pong to the previous ping');
      return;
    }
    this.#alive = false;
    this.#p.ws.ping();
  }

  async #finish(reason: string, close: CloseRequest | undefined): Promise<void> {
    this.#state = 'ended';
    this.#s.metrics.connections.dec();
    this.#p.outbound.stop();
    const { ws } = this.#p;
    if (close !== undefined && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) {
      ws.close(close.code, close.text);
    }
    this.#s.onEnd(this);
    this.#p.log.info({ reason }, 'charger disconnected');
    await this.#p.facts.disconnected(reason, this.#s.now());
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#state === 'ended') return;
    if (this.#state === 'open') return this.#handleFrame(data, isBinary);
    this.#early.push({ data, isBinary });
    if (this.#early.length > this.#s.limits.maxEarlyFrames) {
      void this.end('too many frames before the connection was ready', { code: 1008, text: 'too many frames' });
    }
  }

  #handleFrame(data: RawData, isBinary: boolean): void {
    const { log } = this.#p;
    const { metrics } = this.#s;
    if (isBinary) return this.#badFrame('binary frame (OCPP-J frames are text)');
    const frame = parseFrame(rawText(data), { maxBytes: this.#s.limits.maxFrameBytes });
    switch (frame.kind) {
      case 'call': {
        if (!this.#callRate.take(this.#s.now())) {
          metrics.error('call_rate_exceeded');
          void this.end('charger CALL rate limit exceeded', { code: 1008, text: 'too many calls' });
          return;
        }
        metrics.frame('in', 'call', frame.action);
        this.#calls.push({ ...frame, receivedAt: this.#s.now() });
        void this.#answerCalls();
        return;
      }
      case 'callResult':
        metrics.frame('in', 'result', undefined);
        if (!this.#p.outbound.result(frame.messageId, frame.payload)) {
          this.#badFrame(`CALLRESULT ${frame.messageId} answers no call of ours`);
        }
        return;
      case 'callError':
        metrics.frame('in', 'error', undefined);
        if (frame.receivedErrorCode !== frame.errorCode) {
          log.info({ messageId: frame.messageId, received: frame.receivedErrorCode }, 'CALLERROR code normalised');
        }
        if (!this.#p.outbound.error(frame.messageId, frame.errorCode, frame.errorDescription, frame.errorDetails)) {
          this.#badFrame(`CALLERROR ${frame.messageId} answers no call of ours`);
        }
        return;
      case 'invalid':
        metrics.frame('in', 'invalid', undefined);
        // Only a CALL with an id we can echo can be answered (OCPP-J §4.2.3); anything else is dropped and counted.
        if (frame.messageTypeId === 2 && frame.messageId !== undefined) {
          this.#send(callErrorFrame(frame.messageId, frame.error));
          metrics.error(frame.error.code);
        }
        this.#badFrame(frame.error.description, frame.messageId);
        return;
      case 'ignored':
        metrics.frame('in', 'ignored', undefined);
        log.debug({ messageTypeId: frame.messageTypeId }, 'frame of unknown message type ignored');
        return;
      case 'oversized':
        metrics.error('frame_too_large');
        void this.end(`frame larger than ${frame.maxBytes} bytes`, { code: 1009, text: 'frame too large' });
        return;
    }
  }

  async #answerCalls(): Promise<void> {
    if (this.#answering) return;
    this.#answering = true;
    try {
      for (let call = this.#calls.shift(); call !== undefined && this.#state === 'open'; call = this.#calls.shift()) {
        // Each charger CALL starts a trace; its fact carries it through OCPP_IN to the events it causes.
        const attributes = { 'rpc.system': 'ocpp1.6', 'rpc.method': call.action, 'ocpp.message_id': call.messageId };
        await inSpan(`ocpp receive ${call.action}`, { role: 'server', attributes }, () => this.#answer(call)).catch(
          (err: unknown) => {
            this.#p.log.error({ err, messageId: call?.messageId }, 'charger CALL not answered');
          },
        );
      }
    } finally {
      this.#answering = false;
    }
  }

  async #answer(call: InboundCall & { readonly receivedAt: number }): Promise<void> {
    const { charger, log } = this.#p;
    const { services, metrics } = this.#s;
    const context = { chargerId: charger.chargerId, heartbeatIntervalSeconds: charger.heartbeatIntervalSeconds };
    let handled = await handleChargerCall(call, { ...context, now: this.#s.now() }, services);
    // The charger never got this answer, so it will send the call again: recording it now would count it twice.
    if (this.#state !== 'open') return;
    // Nothing is answered before its fact is durable (JetStream or the spool): a charger whose call was answered
    // never sends it again, so a fact lost after the answer would be lost for good (a transaction never stopped).
    if (handled.fact !== undefined) {
      const recorded = await this.#p.facts.chargerCall(handled.fact, call.messageId, call.receivedAt);
      if (!recorded) handled = factNotRecorded(call.messageId);
      if (this.#state !== 'open') return;
    }
    this.#send(handled.frame);
    const entry = { messageId: call.messageId, action: call.action };
    if (handled.error !== undefined) {
      metrics.frame('out', 'error', call.action);
      metrics.error(handled.error.code);
      log.warn({ ...entry, error: handled.error, problem: handled.problem }, 'charger CALL answered with CALLERROR');
    } else {
      metrics.frame('out', 'result', call.action);
      if (handled.problem !== undefined) log.warn({ ...entry, problem: handled.problem }, 'fallback answer');
      else log.debug(entry, 'charger CALL answered');
    }
  }

  #badFrame(problem: string, messageId?: string): void {
    this.#s.metrics.error('bad_frame');
    this.#p.log.warn({ messageId, problem }, 'bad frame');
    if (!this.#badFrames.take(this.#s.now())) {
      void this.end('too many invalid frames', { code: 1008, text: 'too many invalid frames' });
    }
  }

  #send(frame: string): void {
    if (this.#p.ws.readyState === WebSocket.OPEN) this.#p.ws.send(frame);
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
