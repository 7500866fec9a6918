import { clockEpoch, clockSpeed, databaseUrl, logLevel, natsPrefix, natsUrl, port } from '@chargeplane/platform-config';
import { z } from 'zod';

export const ProfileCommandConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: natsPrefix,
  DATABASE_URL: databaseUrl,
  API_PORT: port(8080),
  API_HOST: z.string().default('0.0.0.0'),
  CHARGEPLANE_ADMIN_KEY: z.string().min(16, 'set CHARGEPLANE_ADMIN_KEY to a secret of at least 16 characters'),
  PUBLIC_OCPP_URL: z
    .string()
    .regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL')
    .default('ws://127.0.0.1:9000/ocpp'),
  /** How long the configuration read after a connection or boot waits for the charger's answer. */
  CONFIG_READ_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** Wait before retrying a failed configuration read (doubled on each failure, at most 15 min). */
  CONFIG_READ_RETRY_SECONDS: z.coerce.number().int().min(1).max(900).default(60),
  HEARTBEAT_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  LOG_LEVEL: logLevel,
  CLOCK_SPEED: clockSpeed,
  CLOCK_EPOCH: clockEpoch,
});
export type ProfileCommandConfig = z.infer<typeof ProfileCommandConfig>;
