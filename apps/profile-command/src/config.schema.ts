import { FACT_BATCH_SIZE } from '@chargeplane/charger-adapters';
import {
  clockEpoch,
  clockSpeed,
  credentialPepper,
  credentialPepperPrevious,
  databaseUrl,
  logLevel,
  natsPrefix,
  natsUrl,
  otlpEndpoint,
  port,
  workSharingFields,
  publishOnCommit,
} from '@chargeplane/platform-config';
import { z } from 'zod';

export const ProfileCommandConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: natsPrefix,
  ...workSharingFields,
  FACT_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(FACT_BATCH_SIZE)
    .describe(
      "Charger facts (OCPP_IN) a partition applies per batch at most: different chargers' facts side by side, one charger's in order.",
    ),
  DATABASE_URL: databaseUrl,
  PUBLISH_ON_COMMIT: publishOnCommit,
  API_PORT: port(8080).describe('The HTTP API port (also `/metrics`, `/healthz`, `/readyz`, `/docs`).'),
  API_HOST: z.string().default('0.0.0.0').describe('The address the HTTP API binds to.'),
  CHARGEPLANE_ADMIN_KEY: z
    .string()
    .min(16, 'set CHARGEPLANE_ADMIN_KEY to a secret of at least 16 characters')
    .describe(
      'The operator key (at least 16 characters) that creates tenants with `POST /v1/tenants`; `npm start` generates one.',
    ),
  API_KEY_CACHE_SECONDS: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(30)
    .describe(
      'Positive API-key lookups are reused this long, so a revoked key stops working within it; 0 asks the database on every request.',
    ),
  CREDENTIAL_PEPPER: credentialPepper,
  CREDENTIAL_PEPPER_PREVIOUS: credentialPepperPrevious,
  PUBLIC_OCPP_URL: z
    .string()
    .regex(/^wss?:\/\/\S+$/, 'must be a ws:// or wss:// URL')
    .default('ws://127.0.0.1:9000/ocpp')
    .describe('The ws:// or wss:// URL given to registered chargers (the charger id is appended).'),
  CONFIG_READ_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(300)
    .default(30)
    .describe("How long the configuration read after a connection or boot waits for the charger's answer."),
  CONFIG_READ_RETRY_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(900)
    .default(60)
    .describe('Wait before retrying a failed configuration read (doubled on each failure, at most 15 min).'),
  HEARTBEAT_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400)
    .default(300)
    .describe('The heartbeat interval a BootNotification answer gives chargers.'),
  CONSOLE_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('The operator console build served at `/console` (default: dist/apps/console beside this app).'),
  LOG_LEVEL: logLevel,
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  CLOCK_SPEED: clockSpeed,
  CLOCK_EPOCH: clockEpoch,
});
export type ProfileCommandConfig = z.infer<typeof ProfileCommandConfig>;
