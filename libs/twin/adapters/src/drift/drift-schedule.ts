import type { Logger } from '@chargeplane/platform-observability';
import type { TwinRepository } from '../twin.repository.js';
import type { TwinDriftChecker } from './twin-drift.checker.js';

/** Chargers checked at once: each check waits for two charger round trips, mostly idle time. */
const CONCURRENCY = 4;
const PAGE = 200;

/**
 * Checks every connected charger every `intervalSeconds` (DRIFT_CHECK_INTERVAL_SECONDS). A sweep that is
 * still running when the next one is due is not doubled: the next starts after it ends.
 */
export class DriftSchedule {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly twins: TwinRepository,
    private readonly checker: TwinDriftChecker,
    private readonly intervalSeconds: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // A sweep that cannot read the twins (PostgreSQL away) is logged and tried again on the next interval;
      // left unhandled, its rejection would end the process.
      this.sweeping ??= this.sweep()
        .catch((err: unknown) => this.log.warn({ err }, 'drift sweep failed; retried on the next interval'))
        .finally(() => (this.sweeping = null));
    }, this.intervalSeconds * 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<{ checked: number; drifting: number }> {
    let after = '';
    let checked = 0;
    let drifting = 0;
    while (!this.stopped) {
      const page = await this.twins.connectedChargers(after, PAGE);
      if (page.length === 0) break;
      after = page.at(-1)!.chargerId;
      for (let i = 0; i < page.length && !this.stopped; i += CONCURRENCY) {
        const outcomes = await Promise.all(
          page.slice(i, i + CONCURRENCY).map((c) =>
            this.checker.check({ tenantId: c.tenantId, chargerId: c.chargerId }).then(
              (record) => record.type === 'TwinDriftDetected',
              (err: unknown) => {
                this.log.warn({ err, chargerId: c.chargerId }, 'scheduled drift check failed');
                return false;
              },
            ),
          ),
        );
        checked += outcomes.length;
        drifting += outcomes.filter(Boolean).length;
      }
    }
    this.log.info({ checked, drifting }, 'scheduled drift check done');
    return { checked, drifting };
  }
}
