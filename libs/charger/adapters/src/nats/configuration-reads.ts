import type { ChargerGateway, ChargerService } from '@chargeplane/charger-application';
import { GetConfigurationResponse } from '@chargeplane/contracts-ocpp';
import { configurationKeysToRead } from '@chargeplane/smart-charging-domain';
import type { Logger } from 'pino';

export interface ConfigurationReadTimings {
  /** How long a connection waits for its BootNotification before the read (a boot right after it reads once). */
  bootGraceMs: number;
  /** How long the read waits for the charger's answer. */
  readTimeoutMs: number;
  /** Wait before the first retry of a failed read; doubled on each failure up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
}

export const defaultReadTimings: ConfigurationReadTimings = {
  bootGraceMs: 5_000,
  readTimeoutMs: 30_000,
  firstRetryMs: 60_000,
  maxRetryMs: 15 * 60_000,
};

/** Timers, injectable so the schedule can be tested without waiting. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}
const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

type Context = { tenantId: string; correlationId: string; causationId: string };

interface Pending {
  connectionId: string;
  context: Context;
  /** The timer of the next read (grace or retry), null while a read is under way. */
  timer: unknown;
  failures: number;
}

/**
 * The configuration read after each (re)connection and boot (Z17: commercial mode can be lost): one per
 * connection — a connection waits `bootGraceMs` for the BootNotification that usually follows it, and the
 * boot then reads at once; a boot later on the same connection (a reboot) reads again. A read that gets no
 * usable answer is recorded as failed (writes wait, CONFIGURATION_READ_FAILED) and tried again after a
 * back-off, for as long as the charger stays on that connection; a new connection starts afresh.
 */
export class ConfigurationReads {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly service: ChargerService,
    private readonly gateway: ChargerGateway,
    private readonly log: Logger,
    private readonly timings: ConfigurationReadTimings = defaultReadTimings,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The charger connected: read once its boot has had time to arrive. */
  connected(chargerId: string, connectionId: string, context: Context): void {
    this.schedule(chargerId, { connectionId, context, timer: null, failures: 0 }, this.timings.bootGraceMs);
  }

  /** The charger booted: read now (once for this connection if its grace is still running). */
  booted(chargerId: string, connectionId: string, context: Context): void {
    this.schedule(chargerId, { connectionId, context, timer: null, failures: 0 }, 0);
  }

  /**
   * Z17a: the charger's read is overdue (a wake-up found none recorded): read now, unless this process already has
   * one scheduled or under way for that connection (another replica's may have died with it).
   */
  overdue(chargerId: string, connectionId: string, context: Context): void {
    if (this.pending.get(chargerId)?.connectionId === connectionId) return;
    this.schedule(chargerId, { connectionId, context, timer: null, failures: 0 }, 0);
  }

  /** Stops every scheduled read (shutdown). */
  stop(): void {
    for (const p of this.pending.values()) if (p.timer !== null) this.timers.clear(p.timer);
    this.pending.clear();
  }

  private schedule(chargerId: string, next: Pending, delayMs: number): void {
    const previous = this.pending.get(chargerId);
    if (previous?.timer !== null && previous?.timer !== undefined) this.timers.clear(previous.timer);
    this.pending.set(chargerId, next);
    next.timer = this.timers.set(() => {
      next.timer = null;
      void this.read(chargerId, next).catch((err: unknown) =>
        this.log.error({ err, chargerId }, 'configuration read not recorded; the next connection reads again'),
      );
    }, delayMs);
  }

  private async read(chargerId: string, p: Pending): Promise<void> {
    const reply = await this.gateway.call(
      chargerId,
      'GetConfiguration',
      { key: [...configurationKeysToRead] },
      this.timings.readTimeoutMs,
    );
    if (this.pending.get(chargerId) !== p) return; // a newer connection or boot reads for itself
    // Offline: nobody holds the charger; its next connection reads again (or the edge that still holds it announces
    // the connection again once it is back on NATS, L4a).
    if (reply.kind === 'offline') {
      this.pending.delete(chargerId);
      this.log.info({ chargerId, connectionId: p.connectionId }, 'configuration read found the charger offline');
      return;
    }
    const parsed = reply.kind === 'result' ? GetConfigurationResponse.safeParse(reply.payload) : null;
    const readFailure =
      reply.kind === 'timeout'
        ? { failure: 'timeout' as const, description: `no answer within ${this.timings.readTimeoutMs / 1000} s` }
        : reply.kind === 'call-error'
          ? { failure: 'call-error' as const, description: `${reply.code}: ${reply.description}`.slice(0, 200) }
          : reply.kind === 'refused'
            ? { failure: 'call-error' as const, description: reply.reason.slice(0, 200) }
            : parsed && !parsed.success
              ? { failure: 'unreadable' as const, description: parsed.error.message.slice(0, 200) }
              : null;
    const answer = parsed?.success ? parsed.data : { configurationKey: [], unknownKey: [] };
    const values = Object.fromEntries(
      (answer.configurationKey ?? []).flatMap((k) => (k.value === undefined ? [] : [[k.key, k.value]])),
    );
    await this.service.execute(
      chargerId,
      // A read for a connection the charger has left says nothing about the one it is on.
      (state, base) =>
        state.connectionId !== p.connectionId
          ? null
          : {
              ...base,
              type: 'RecordConfiguration',
              values,
              unknownKeys: answer.unknownKey ?? [],
              ...(readFailure ? { readFailure } : {}),
            },
      p.context,
    );
    if (this.pending.get(chargerId) !== p) return;
    if (!readFailure) {
      this.pending.delete(chargerId);
      return;
    }
    const failures = p.failures + 1;
    const wait = Math.min(this.timings.firstRetryMs * 2 ** (failures - 1), this.timings.maxRetryMs);
    this.log.warn({ chargerId, ...readFailure, retryInMs: wait }, 'configuration read failed; writes wait for a retry');
    this.schedule(chargerId, { ...p, timer: null, failures }, wait);
  }
}
