import { Counter, Gauge, type Registry } from 'prom-client';
import type { ConsumerLag } from './jetstream-lag.js';
import type { OwnershipChange } from './partition-leases.js';

/** What the metrics read from a running partitioned consumer at scrape time. */
export interface PartitionedSource {
  readonly owned: number[];
  lag(): Promise<Map<string, ConsumerLag>>;
}

/**
 * A partitioned consumer group's metrics on the app's registry: partitions this replica holds, ownership
 * changes (dead letters count in `chargeplane_dead_letters_total`), and the group's lag per pipeline (read from JetStream when scraped, over every
 * partition: the same figure on every replica).
 */
export class PartitionMetrics {
  readonly #changes: Counter<'group' | 'change'>;
  #source: PartitionedSource | undefined;

  constructor(
    registry: Registry,
    private readonly group: string,
  ) {
    const registers = [registry];
    const source = () => this.#source;
    this.#changes = new Counter({
      name: 'partition_ownership_changes_total',
      help: 'Partitions this replica acquired, released or lost (its lease expired or was taken over)',
      labelNames: ['group', 'change'],
      registers,
    });
    new Gauge({
      name: 'partitions_owned',
      help: 'Partitions this replica holds a lease on',
      labelNames: ['group'],
      registers,
      collect() {
        this.set({ group }, source()?.owned.length ?? 0);
      },
    });
    new Gauge({
      name: 'partition_consumer_events_behind',
      help: "Messages not yet acknowledged over all the group's partition durables, per pipeline",
      labelNames: ['group', 'pipeline'],
      registers,
      async collect() {
        const lag =
          (await source()
            ?.lag()
            .catch(() => null)) ?? new Map<string, ConsumerLag>();
        for (const [pipeline, value] of lag) this.set({ group, pipeline }, value.eventsBehind);
      },
    });
  }

  measure(source: PartitionedSource): void {
    this.#source = source;
  }

  changed(change: OwnershipChange): void {
    this.#changes.inc({ group: this.group, change: change.change });
  }
}
