import { randomBytes } from 'node:crypto';
import { streams } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { recordCount } from '@chargeplane/platform-kafka';
import type { Admin } from '@platformatic/kafka';
import { startCompiledService, type RunningService } from '../lib/compiled-service.js';

export const env = {
  natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/chargeplane',
};

export const runId = () => `bench${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** Starts the compiled kafka-bridge (dist/) as its own process, as it runs in production, and waits until it is ready. */
export async function startBridge(prefix: string, batchSize: number): Promise<RunningService> {
  return startCompiledService('kafka-bridge', 'dist/apps/kafka-bridge/src/main.js', (metricsPort) => ({
    NATS_URL: env.natsUrl,
    NATS_PREFIX: prefix,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `${prefix}.`,
    KAFKA_PARTITIONS: '6',
    BRIDGE_BATCH_SIZE: String(batchSize),
    BRIDGE_METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'warn',
  }));
}

/** Events the bridge's charger-events consumer has not acknowledged yet (it acks only after Kafka did). */
export async function chargerEventsBehind(bus: NatsBus): Promise<number> {
  const info = await bus.jsm.consumers
    .info(bus.stream(streams.chargerEvents.name), 'kafka-bridge-charger-events')
    .catch(() => null);
  return info ? info.num_pending + info.num_ack_pending : Number.POSITIVE_INFINITY;
}

/** Records on a topic (sum over its partitions): cheap to poll, unlike JetStream consumer info. */
export async function recordsOn(admin: Admin, topic: string): Promise<number> {
  return recordCount(admin, [topic]);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
