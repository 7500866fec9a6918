import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The lag of one pipeline's durable consumer, as JetStream reports it. */
export interface PipelineLag {
  eventsBehind: number;
  secondsBehind: number;
}

/** kafka-bridge's own metrics, on the app's registry (served on /metrics). */
export class BridgeMetrics {
  readonly published: Counter<'topic'>;
  readonly sendFailures: Counter<'topic'>;
  readonly dropped: Counter<'pipeline' | 'reason'>;
  readonly batchSize: Histogram<'pipeline'>;
  readonly publishLatency: Histogram<'pipeline'>;
  private lagSource: (() => Promise<Map<string, PipelineLag>>) | undefined;
  private sampling: Promise<Map<string, PipelineLag>> | null = null;

  constructor(registry: Registry) {
    const registers = [registry];
    this.published = new Counter({
      name: 'kafka_bridge_records_published_total',
      help: 'Records Kafka acknowledged',
      labelNames: ['topic'],
      registers,
    });
    this.sendFailures = new Counter({
      name: 'kafka_bridge_send_failures_total',
      help: 'Kafka sends that failed and were retried',
      labelNames: ['topic'],
      registers,
    });
    this.dropped = new Counter({
      name: 'kafka_bridge_dropped_events_total',
      help: 'Events that have no public form (reason unmappable): logged and acknowledged (invalid messages go to DEAD_LETTERS)',
      labelNames: ['pipeline', 'reason'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'kafka_bridge_batch_records',
      help: 'Records per Kafka send',
      labelNames: ['pipeline'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers,
    });
    this.publishLatency = new Histogram({
      name: 'kafka_bridge_publish_latency_seconds',
      help: 'From a message stored in JetStream to its batch acknowledged by Kafka',
      labelNames: ['pipeline'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    // Lag is read from JetStream when scraped, so it is right even while the bridge itself is stuck.
    const sample = () => this.sampleLag();
    const lag = (field: keyof PipelineLag) =>
      async function collect(this: Gauge<'pipeline'>) {
        for (const [pipeline, value] of await sample()) this.set({ pipeline }, value[field]);
      };
    new Gauge({
      name: 'kafka_bridge_events_behind',
      help: 'Events not yet acknowledged by the bridge, per JetStream consumer',
      labelNames: ['pipeline'],
      registers,
      collect: lag('eventsBehind'),
    });
    new Gauge({
      name: 'kafka_bridge_seconds_behind',
      help: 'Age of the oldest event not yet acknowledged, per JetStream consumer',
      labelNames: ['pipeline'],
      registers,
      collect: lag('secondsBehind'),
    });
  }

  /** Where lag comes from (set once the pipelines run). */
  measureLagWith(source: () => Promise<Map<string, PipelineLag>>): void {
    this.lagSource = source;
  }

  /** One JetStream round per scrape, shared by both lag gauges. */
  private sampleLag(): Promise<Map<string, PipelineLag>> {
    if (!this.lagSource) return Promise.resolve(new Map());
    this.sampling ??= this.lagSource()
      .catch(() => new Map<string, PipelineLag>())
      .finally(() => setTimeout(() => (this.sampling = null), 200));
    return this.sampling;
  }
}
