import {
  clockEpoch,
  clockSpeed,
  databaseUrl,
  logLevel,
  metricsHost,
  natsPrefix,
  natsUrl,
  otlpEndpoint,
  port,
} from '@chargeplane/platform-config';
import { TWIN_BATCH_SIZE } from '@chargeplane/twin-adapters';
import { z } from 'zod';

export const DeviceTwinConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: natsPrefix,
  DATABASE_URL: databaseUrl,
  TWIN_METRICS_PORT: port(9465).describe('Port of `/metrics`, `/healthz` and `/readyz`.'),
  TWIN_METRICS_HOST: metricsHost,
  LOG_LEVEL: logLevel,
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  CLOCK_SPEED: clockSpeed,
  CLOCK_EPOCH: clockEpoch,
  TWIN_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(TWIN_BATCH_SIZE)
    .describe('Charger events the projection folds per transaction at most (fewer when fewer are waiting).'),
  DRIFT_CHECK_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Check every connected charger against its twin this often; 0 (default) turns the schedule off.'),
});
export type DeviceTwinConfig = z.infer<typeof DeviceTwinConfig>;

/** The rebuild command's settings (`npm run twin:rebuild`). */
export const TwinRebuildConfig = z.object({
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: logLevel,
  TWIN_REBUILD_READ_BATCH: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(5000)
    .describe('Events read from the event store per query while the shadow table is filled.'),
  TWIN_REBUILD_WRITE_BATCH: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1000)
    .describe('Twins written to the shadow table per transaction.'),
  TWIN_REBUILD_LOCK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe("How long the swap may wait for the live table's lock before it gives up (the rebuild can be rerun)."),
});
export type TwinRebuildConfig = z.infer<typeof TwinRebuildConfig>;
