import {
  checkKafkaSecurity,
  kafkaBrokers,
  kafkaSecurityFields,
  logLevel,
  metricsHost,
  natsPrefix,
  natsUrl,
  otlpEndpoint,
  port,
} from '@chargeplane/platform-config';
import { z } from 'zod';

export const KafkaBridgeConfig = z
  .object({
    NATS_URL: natsUrl,
    NATS_PREFIX: natsPrefix,
    KAFKA_BROKERS: kafkaBrokers,
    ...kafkaSecurityFields,
    KAFKA_TOPIC_PREFIX: z
      .string()
      .default('')
      .describe('Prefix for topic names (test isolation); empty in production.'),
    KAFKA_PARTITIONS: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(6)
      .describe('Partitions of each public topic the bridge creates (existing topics are left as they are).'),
    KAFKA_REPLICATION_FACTOR: z.coerce
      .number()
      .int()
      .min(1)
      .max(5)
      .default(1)
      .describe('Replication factor of each public topic the bridge creates; 3 on a production cluster.'),
    BRIDGE_BATCH_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(500)
      .describe('JetStream messages per Kafka send, at most (one send per batch; a batch keeps stream order).'),
    BRIDGE_MAX_ACK_PENDING: z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe("JetStream's cap on unacknowledged messages per consumer (at least, and by default, four batches)."),
    BRIDGE_ACK_WAIT_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .default(30_000)
      .describe('How long (ms) JetStream waits for an acknowledgement before it redelivers a message.'),
    BRIDGE_RETRY_MAX_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(60_000)
      .default(5_000)
      .describe('Longest wait (ms) between two attempts of a batch while Kafka is unreachable.'),
    BRIDGE_METRICS_PORT: port(9466).describe('Port of `/metrics`, `/healthz` and `/readyz`.'),
    BRIDGE_METRICS_HOST: metricsHost,
    LOG_LEVEL: logLevel,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  })
  .superRefine(checkKafkaSecurity);
export type KafkaBridgeConfig = z.infer<typeof KafkaBridgeConfig>;
