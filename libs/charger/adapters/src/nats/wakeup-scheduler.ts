import type { ChargerService, Clock } from '@chargeplane/charger-application';
import type { Logger } from 'pino';
import type { ChargerDirectory } from '../persistence/charger-directory.js';

/**
 * Wakes aggregates that asked for it (deferred writes, unanswered writes). The wake times live in the
 * chargers table, written with the events, so a restart loses nothing: every pass reads what is due.
 */
export class WakeupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly directory: ChargerDirectory,
    private readonly service: ChargerService,
    private readonly clock: Clock,
    private readonly log: Logger,
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
          // Nothing left to do (the deferred change was withdrawn meanwhile): stop waking this charger, unless
          // an append after the version this was decided on set a wake time of its own.
          if (executed.events.length === 0) await this.directory.clearWakeup(chargerId, now, executed.version);
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
