import { clockEpoch, clockSpeed, databaseUrl, logLevel, natsUrl, port } from '@chargeplane/platform-config';
import { z } from 'zod';

export const DeviceTwinConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: z.string().regex(/^[A-Za-z0-9_]*$/, 'letters, digits and _ only').default(''),
  DATABASE_URL: databaseUrl,
  TWIN_METRICS_PORT: port(9465),
  LOG_LEVEL: logLevel,
  CLOCK_SPEED: clockSpeed,
  CLOCK_EPOCH: clockEpoch,
});
export type DeviceTwinConfig = z.infer<typeof DeviceTwinConfig>;
