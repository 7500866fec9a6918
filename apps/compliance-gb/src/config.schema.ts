import { logLevel, natsUrl, port } from '@chargeplane/platform-config';
import { z } from 'zod';

export const ComplianceGbConfig = z.object({
  NATS_URL: natsUrl,
  NATS_PREFIX: z.string().regex(/^[A-Za-z0-9_]*$/, 'letters, digits and _ only').default(''),
  COMPLIANCE_METRICS_PORT: port(9467),
  LOG_LEVEL: logLevel,
});
