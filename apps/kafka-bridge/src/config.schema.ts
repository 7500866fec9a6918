import { kafkaBrokers, logLevel, natsPrefix, natsUrl, port } from '@chargeplane/platform-config';
import { z } from 'zod';

export const KafkaBridgeConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: natsPrefix,
  KAFKA_BROKERS: kafkaBrokers,
  /** Prefix for topic names (test isolation); empty in production. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  /** JetStream messages per Kafka send, at most (one send per batch; a batch keeps stream order). */
  BRIDGE_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** JetStream's cap on unacknowledged messages per consumer (at least, and by default, four batches). */
  BRIDGE_MAX_ACK_PENDING: z.coerce.number().int().min(1).max(100_000).optional(),
  BRIDGE_ACK_WAIT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Longest wait between two attempts of a batch while Kafka is unreachable. */
  BRIDGE_RETRY_MAX_MS: z.coerce.number().int().min(10).max(60_000).default(5_000),
  BRIDGE_METRICS_PORT: port(9466),
  LOG_LEVEL: logLevel,
});
export type KafkaBridgeConfig = z.infer<typeof KafkaBridgeConfig>;
