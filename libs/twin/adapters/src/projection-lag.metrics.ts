import { DEFAULT_CHARGER_PARTITIONS, streams } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { consumerLag, partitionDurable, type NatsBus } from '@chargeplane/platform-messaging';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ProjectionObserver } from './twin.projection.js';

export interface ProjectionLag {
  /** Events of the stream not yet applied: the consumer's `num_pending` plus those delivered but not acknowledged. */
  eventsBehind: number;
  /**
   * now − the newest recordedAt among the events applied (or found applied already) while events are waiting;
   * 0 when the projection is caught up. It moves once per batch, after the batch's commit.
   */
  secondsBehind: number;
}

/**
 * The projection's lag on device-twin's `/metrics`, read from JetStream at scrape time, plus counters of
 * what the projection did. `now` is the real clock (recordedAt is the database's), not a simulated one.
 */
export class ProjectionMetrics implements ProjectionObserver {
  private lastRecordedAt: number | null = null;
  private readonly appliedTotal: Counter;
  private readonly duplicatesTotal: Counter;
  private readonly gapEventsTotal: Counter;

  constructor(
    private readonly bus: NatsBus,
    private readonly durable: string,
    private readonly now: () => number,
    registry: Registry,
    private readonly partitions = DEFAULT_CHARGER_PARTITIONS,
  ) {
    this.appliedTotal = new Counter({
      name: 'twin_projection_events_applied_total',
      help: 'Charger events applied to twins',
      registers: [registry],
    });
    this.duplicatesTotal = new Counter({
      name: 'twin_projection_duplicates_total',
      help: 'Deliveries ignored as already applied (redeliveries, duplicates)',
      registers: [registry],
    });
    this.gapEventsTotal = new Counter({
      name: 'twin_projection_gap_events_total',
      help: 'Events read from the event store to fill a gap',
      registers: [registry],
    });
    // One JetStream lookup per scrape serves both gauges.
    let pending: Promise<ProjectionLag> | null = null;
    const lagOnce = () => (pending ??= this.lag().finally(() => setTimeout(() => (pending = null), 0)));
    new Gauge({
      name: 'twin_projection_events_behind',
      help: "Charger events not yet applied (num_pending + num_ack_pending over every partition's durable)",
      registers: [registry],
      async collect() {
        this.set((await lagOnce()).eventsBehind);
      },
    });
    new Gauge({
      name: 'twin_projection_seconds_behind',
      help: 'now - recordedAt of the last applied event while events wait; 0 when caught up',
      registers: [registry],
      async collect() {
        this.set((await lagOnce()).secondsBehind);
      },
    });
  }

  applied(_doc: unknown, envelope: EventEnvelope, filled: number): void {
    this.reached(envelope);
    this.appliedTotal.inc(1 + filled);
    if (filled > 0) this.gapEventsTotal.inc(filled);
  }

  /** A duplicate is in the twins already: after a restart, redelivered events show how far they are. */
  duplicate(envelope: EventEnvelope): void {
    this.reached(envelope);
    this.duplicatesTotal.inc();
  }

  /** Events are reported per batch after its commit; the newest recordedAt seen is how far the twins are. */
  private reached(envelope: EventEnvelope): void {
    this.lastRecordedAt = Math.max(this.lastRecordedAt ?? 0, Date.parse(envelope.recordedAt));
  }

  async lag(): Promise<ProjectionLag> {
    let eventsBehind = 0;
    for (let k = 0; k < this.partitions; k++) {
      const durable = partitionDurable(this.durable, k);
      const lag = await consumerLag(this.bus, streams.chargerEvents.name, durable).catch(() => null);
      eventsBehind += lag?.eventsBehind ?? 0;
    }
    const secondsBehind =
      eventsBehind === 0 || this.lastRecordedAt === null ? 0 : Math.max(0, (this.now() - this.lastRecordedAt) / 1000);
    return { eventsBehind, secondsBehind };
  }
}
