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
  streamRetentionFields,
  workSharingFields,
  publishOnCommit,
} from '@chargeplane/platform-config';
import { z } from 'zod';

const seconds = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const ComplianceGbConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: natsPrefix,
  DATABASE_URL: databaseUrl,
  PUBLISH_ON_COMMIT: publishOnCommit,
  COMPLIANCE_METRICS_PORT: port(9467).describe('Port of `/metrics`, `/healthz` and `/readyz`.'),
  COMPLIANCE_METRICS_HOST: metricsHost,
  LOG_LEVEL: logLevel,
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  CLOCK_SPEED: clockSpeed,
  CLOCK_EPOCH: clockEpoch,
  ...workSharingFields,
  COMPLIANCE_TICK_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(5000)
    .describe('How often (ms) due chargers (refreshes, default re-issues, retries) are looked for.'),
  PROFILE_COMMAND_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('How long (ms) profile-command may take to answer a request.'),
  OFF_PEAK_GRACE_SECONDS: seconds(600, 0, 86_400).describe(
    'After a GB charger is registered, how long the CPO has to desire its own TxDefaultProfile before the default goes out.',
  ),
  OFF_PEAK_ALLOW_LIMIT_A: z.coerce
    .number()
    .min(6)
    .max(80)
    .default(32)
    .describe('The cap outside blocked hours in the default profile (A per phase; zappi: 32).'),
  OFF_PEAK_HORIZON_DAYS: seconds(7, 2, 14).describe('How many days ahead the default off-peak profile covers.'),
  OFF_PEAK_LEAD_SECONDS: seconds(43_200, 3600, 86_400).describe(
    'How long before a default runs out (horizon or clock change) its successor is written.',
  ),
  COMPLIANCE_RETRY_SECONDS: seconds(900, 5, 86_400).describe(
    'An unanswered request to profile-command is asked again after this.',
  ),
  COMPLIANCE_REFUSED_RETRY_SECONDS: seconds(86_400, 60, 604_800).describe(
    'A write the charger or profile-command refused is tried again after this.',
  ),
  // Limits of the streams compliance-gb creates when they are missing (the same as provisioning's).
  ...streamRetentionFields,
});
export type ComplianceGbConfig = z.infer<typeof ComplianceGbConfig>;
