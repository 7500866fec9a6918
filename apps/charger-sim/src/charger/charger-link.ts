import type { OcppRequest, OcppResponse } from '@chargeplane/contracts-ocpp';
import type { Logger } from '@chargeplane/platform-observability';
import type { RandomSource } from '../clock/random-source.js';
import type { SimClock } from '../clock/sim-clock.js';
import type { FleetStats } from '../fleet/fleet-stats.js';
import type { ScheduledTask, Scheduler } from '../scheduler/scheduler.js';
import { callErrorFrame, parseInboundFrame } from '../transport/ocpp-frames.js';
import { backoffDelayMs, type BackoffPolicy } from '../transport/reconnect-backoff.js';
import type { OcppSocket, SocketFactory, SocketTarget } from '../transport/ws-socket.js';
import type { OutboundCalls } from './outbound-calls.js';

// One charger's connection to the Central System: connect, BootNotification (retried per the answer's
// interval while Pending/Rejected), Heartbeat at the accepted interval, reconnect with jittered back-off.
// Every wait is a scheduler task; intervals from the CS are simulated seconds, scaled by the clock.

export interface LinkDeps {
  target: SocketTarget;
  sockets: SocketFactory;
  scheduler: Scheduler;
  clock: SimClock;
  random: RandomSource;
  stats: FleetStats;
  calls: OutboundCalls;
  backoff: BackoffPolicy;
  connectTimeoutMs: number;
  /** Simulated seconds before a new BootNotification when the CS answered Pending/Rejected with interval 0. */
  defaultBootRetryS: number;
  logger: Logger;
}

export interface LinkHooks {
  bootRequest(): OcppRequest<'BootNotification'>;
  /**
   * The charger's answer frame to a CS CALL (the link only carries it): null leaves the call unanswered; `delayMs`
   * sends it that many real ms later.
   */
  onCall(
    messageId: string,
    action: string,
    payload: unknown,
  ): { frame: string | null; after?: () => void; delayMs?: number };
  /** BootNotification accepted on this connection (`configuredHeartbeatS` is used when the interval is 0). */
  onBooted(): void;
  configuredHeartbeatS(): number;
}

interface Connection {
  socket: OcppSocket;
  opened: boolean;
}

export class ChargerLink {
  private conn: Connection | null = null;
  private wantOnline = true;
  private stopped = false;
  private bootedNow = false;
  private attempt = 0;
  private heartbeatS = 0;
  private reconnectTask: ScheduledTask | null = null;
  private bootRetryTask: ScheduledTask | null = null;
  private heartbeatTask: ScheduledTask | null = null;
  private connectTimeoutTask: ScheduledTask | null = null;

  constructor(
    private readonly deps: LinkDeps,
    private readonly hooks: LinkHooks,
  ) {}

  get connected(): boolean {
    return this.conn?.opened ?? false;
  }

  get booted(): boolean {
    return this.bootedNow;
  }

  get online(): boolean {
    return this.wantOnline;
  }

  get heartbeatIntervalS(): number {
    return this.heartbeatS;
  }

  start(): void {
    if (this.conn === null && !this.stopped && this.wantOnline) this.connect();
  }

  goOffline(): void {
    this.wantOnline = false;
    this.reconnectTask?.cancel();
    this.drop(1000, 'offline');
  }

  goOnline(): void {
    this.wantOnline = true;
    this.attempt = 0;
    this.reconnectTask?.cancel();
    this.start();
  }

  /** Close the connection (after frames already queued on it) and reconnect after `reconnectAfterMs`. */
  restart(reconnectAfterMs: number): void {
    this.drop(1012, 'restarting');
    this.reconnectTask?.cancel();
    this.reconnectTask = this.deps.scheduler.after(reconnectAfterMs, () => this.start());
  }

  stop(): void {
    this.stopped = true;
    this.reconnectTask?.cancel();
    this.drop(1001, 'simulator stopping');
  }

  /** Sends a BootNotification now (TriggerMessage). */
  sendBoot(): void {
    this.deps.calls.enqueue(
      'BootNotification',
      this.hooks.bootRequest(),
      { beforeBoot: true, front: true },
      {
        onResult: (answer) => this.onBootAnswer(answer),
        onFailure: (reason) => this.retryBootLater(this.deps.defaultBootRetryS, reason),
      },
    );
  }

  /** ChangeConfiguration HeartbeatInterval: takes effect from now. */
  setHeartbeatInterval(seconds: number): void {
    this.heartbeatS = seconds;
    if (this.bootedNow) this.scheduleHeartbeat();
  }

  private connect(): void {
    // Socket events never fire synchronously from the factory, so `conn` is set before any handler runs.
    let conn: Connection | null = null;
    const socket = this.deps.sockets(this.deps.target, {
      open: () => conn && this.onOpen(conn),
      message: (text) => conn && this.onMessage(conn, text),
      error: (error, httpStatus) => conn && this.onError(conn, error, httpStatus),
      close: (code, reason) => conn && this.onClose(conn, code, reason),
    });
    conn = { socket, opened: false };
    this.conn = conn;
    const opening = conn;
    this.connectTimeoutTask = this.deps.scheduler.after(this.deps.connectTimeoutMs, () => {
      if (this.conn === opening && !opening.opened) opening.socket.terminate();
    });
  }

  private onOpen(conn: Connection): void {
    if (this.conn !== conn) return;
    this.connectTimeoutTask?.cancel();
    conn.opened = true;
    this.deps.stats.connected++;
    this.deps.stats.connects++;
    this.deps.calls.attach((text) => conn.socket.send(text));
    this.sendBoot();
  }

  private onMessage(conn: Connection, text: string): void {
    if (this.conn !== conn) return;
    const frame = parseInboundFrame(text);
    switch (frame.kind) {
      case 'call': {
        this.deps.stats.callsIn++;
        const answer = this.hooks.onCall(frame.messageId, frame.action, frame.payload);
        const send = () => {
          // An answer still pending when its connection ended is lost with it, as on a real socket.
          if (this.conn !== conn) return;
          if (answer.frame !== null) conn.socket.send(answer.frame);
          answer.after?.();
        };
        if (answer.delayMs) this.deps.scheduler.after(answer.delayMs, send);
        else send();
        return;
      }
      case 'callResult':
        return this.deps.calls.onCallResult(frame.messageId, frame.payload);
      case 'callError':
        return this.deps.calls.onCallError(frame.messageId, frame.errorCode, frame.errorDescription);
      case 'invalid':
        // Only a CALL can be answered (with its id); a broken answer or unknown frame is dropped.
        if (frame.callMessageId !== undefined) {
          this.deps.stats.callsIn++;
          conn.socket.send(callErrorFrame(frame.callMessageId, 'FormationViolation', frame.reason));
        }
        this.deps.logger.warn({ chargerId: this.deps.target.chargerId, reason: frame.reason }, 'invalid frame');
    }
  }

  private onError(conn: Connection, error: Error, httpStatus: number | null): void {
    if (this.conn !== conn) return;
    if (httpStatus !== null) this.deps.stats.rejects++;
    this.deps.logger.debug({ chargerId: this.deps.target.chargerId, httpStatus, err: error.message }, 'socket error');
  }

  private onClose(conn: Connection, code: number, reason: string): void {
    if (this.conn !== conn) return;
    this.deps.logger.debug({ chargerId: this.deps.target.chargerId, code, reason }, 'disconnected');
    this.afterDisconnect(conn);
    this.conn = null;
    if (!this.stopped && this.wantOnline) {
      const delay = backoffDelayMs(this.deps.backoff, this.attempt++, this.deps.random);
      this.reconnectTask = this.deps.scheduler.after(delay, () => this.start());
    }
  }

  /** Our side ends the connection: account for it now and ignore the socket's late events. */
  private drop(code: number, reason: string): void {
    const conn = this.conn;
    if (!conn) return;
    this.conn = null;
    this.afterDisconnect(conn);
    if (conn.opened) conn.socket.close(code, reason);
    else conn.socket.terminate();
  }

  private afterDisconnect(conn: Connection): void {
    this.connectTimeoutTask?.cancel();
    this.bootRetryTask?.cancel();
    this.heartbeatTask?.cancel();
    if (conn.opened) {
      this.deps.stats.connected--;
      this.deps.stats.disconnects++;
    }
    if (this.bootedNow) this.deps.stats.booted--;
    this.bootedNow = false;
    this.deps.calls.detach();
  }

  private onBootAnswer(answer: OcppResponse<'BootNotification'>): void {
    if (answer.status !== 'Accepted') {
      if (answer.status === 'Rejected') this.deps.stats.rejects++;
      if (!this.bootedNow) this.retryBootLater(answer.interval > 0 ? answer.interval : this.deps.defaultBootRetryS);
      return;
    }
    this.heartbeatS = answer.interval > 0 ? answer.interval : this.hooks.configuredHeartbeatS();
    if (this.bootedNow) return this.scheduleHeartbeat(); // a triggered re-boot only refreshes the interval
    this.bootedNow = true;
    this.attempt = 0;
    this.deps.stats.recordBoot(this.deps.target.chargerId, this.deps.clock.realElapsedMs());
    this.scheduleHeartbeat();
    this.hooks.onBooted();
    this.deps.calls.setBooted(true);
  }

  private retryBootLater(simSeconds: number, reason?: string): void {
    if (reason === 'disconnected' || this.conn === null) return;
    this.bootRetryTask?.cancel();
    this.bootRetryTask = this.deps.scheduler.after(this.deps.clock.realDelayMs(simSeconds), () => {
      if (this.conn?.opened && !this.bootedNow) this.sendBoot();
    });
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTask?.cancel();
    if (this.heartbeatS <= 0) return;
    this.heartbeatTask = this.deps.scheduler.after(this.deps.clock.realDelayMs(this.heartbeatS), () => {
      if (!this.bootedNow) return;
      if (!this.deps.calls.has('Heartbeat')) this.deps.calls.enqueue('Heartbeat', {});
      this.scheduleHeartbeat();
    });
  }
}
