import { kafkaBrokers, logLevel, natsUrl, port } from '@chargeplane/platform-config';
import { z } from 'zod';

export const KafkaBridgeConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: z.string().regex(/^[A-Za-z0-9_]*$/, 'letters, digits and _ only').default(''),
  KAFKA_BROKERS: kafkaBrokers,
  /** Prefix for topic names (test isolation); empty in production. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  BRIDGE_METRICS_PORT: port(9466),
  LOG_LEVEL: logLevel,
});
export type KafkaBridgeConfig = z.infer<typeof KafkaBridgeConfig>;
