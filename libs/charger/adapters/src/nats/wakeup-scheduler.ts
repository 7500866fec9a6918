import type { ChargerService, Clock } from '@chargeplane/charger-application';
import { CONFIGURATION_READ_OVERDUE_MS, configurationReadOverdue, nextWakeAfter } from '@chargeplane/charger-domain';
import type { Logger } from 'pino';
import type { ChargerDirectory } from '../persistence/charger-directory.js';

/** Who reads a charger's configuration when its read is overdue (ConfigurationReads). */
export interface OverdueReads {
  overdue(
    chargerId: string,
    connectionId: string,
    context: { tenantId: string; correlationId: string; causationId: string },
  ): void;
}

/**
 * Wakes aggregates that asked for it (deferred writes, unanswered writes, an overdue configuration read). The wake
 * times live in the chargers table, written with the events, so a restart loses nothing: every pass reads what is
 * due.
 */
export class WakeupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly directory: ChargerDirectory,
    private readonly service: ChargerService,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly reads: OverdueReads,
    private readonly everyMs = 1000,
  ) {}

  start(): void {
    // A pass that cannot even read the due chargers (PostgreSQL away, restarting) is logged and retried on the
    // next tick: a rejection left unhandled here ended the whole process (the fault drill's PostgreSQL restart).
    this.timer = setInterval(
      () =>
        void this.tick().catch((err: unknown) =>
          this.log.error({ err }, 'wake-up pass failed; retried on the next tick'),
        ),
      this.everyMs,
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reconciles every charger whose wake time has come; returns how many were woken. */
  async tick(now = new Date(this.clock.now())): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      const due = await this.directory.dueWakeups(now);
      for (const { chargerId } of due) {
        try {
          const executed = await this.service.execute(chargerId, (_s, base) => ({ ...base, type: 'Reconcile' }), {
            correlationId: `wakeup-${chargerId}`,
            causationId: null,
          });
          const state = executed.state;
          if (configurationReadOverdue(state, now.getTime()) && state.connectionId !== null) {
            // Z17a: the read of this connection was never recorded (its process died, or its call found nobody):
            // ask for it here, and look again after as long again, until a read is recorded.
            this.log.warn({ chargerId, connectionId: state.connectionId }, 'configuration read overdue; reading now');
            this.reads.overdue(chargerId, state.connectionId, {
              tenantId: state.tenantId,
              correlationId: `wakeup-${chargerId}`,
              causationId: `wakeup-${chargerId}`,
            });
            // Any other wake the state holds after now (a deferral ending sooner) keeps its time (L16).
            const next = nextWakeAfter(
              { ...state, configurationReadDueBy: now.getTime() + CONFIGURATION_READ_OVERDUE_MS },
              now.getTime(),
            ) as number;
            await this.directory.postponeWakeup(chargerId, now, new Date(next), executed.version);
          } else if (executed.events.length === 0) {
            // Nothing to do now (the deferred change was withdrawn meanwhile, or what the timer waited for is held
            // by something else): wake it at the state's next time after now (L16), or no more if it has none,
            // unless an append after the version this was decided on set a wake time of its own.
            const next = nextWakeAfter(state, now.getTime());
            if (next === null) await this.directory.clearWakeup(chargerId, now, executed.version);
            else await this.directory.postponeWakeup(chargerId, now, new Date(next), executed.version);
          }
        } catch (err) {
          this.log.error({ err, chargerId }, 'wake-up failed; retried on the next pass');
        }
      }
      return due.length;
    } finally {
      this.busy = false;
    }
  }
}
