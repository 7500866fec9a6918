import { randomUUID } from 'node:crypto';
import type { Logger } from '@chargeplane/platform-observability';
import type { ComplianceReadModel } from '../persistence/compliance-read-model.js';
import type { ComplianceProcess } from './compliance-process.js';

const LEASE_MS = 60_000;
const BATCH = 50;

/**
 * Wakes chargers whose plan asked to be looked at again (a daily delay refresh, a default's next write, a
 * retry): every tick, claims the due ones (a lease, so replicas split the work) and reconciles them.
 */
export class DueScheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly readModel: ComplianceReadModel,
    private readonly process: ComplianceProcess,
    private readonly clock: { now(): number },
    private readonly tickMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.ticking)
        this.ticking = this.tick()
          .then(() => undefined)
          .finally(() => (this.ticking = undefined));
    }, this.tickMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }

  /** Reconciles every charger due now; returns how many. */
  async tick(): Promise<number> {
    try {
      const due = await this.readModel.claimDue(this.clock.now(), LEASE_MS, BATCH);
      for (const chargerId of due) await this.process.reconcile(chargerId, `scheduled-${randomUUID()}`);
      return due.length;
    } catch (err) {
      this.log.error({ err }, 'compliance scheduler tick failed');
      return 0;
    }
  }
}
