import {
  checkStreamRetention,
  databaseUrl,
  natsPrefix,
  natsUrl,
  streamRetentionFields,
} from '@chargeplane/platform-config';
import { z } from 'zod';

/** What `npm run provision` reads: where the database and NATS are, and the streams' retention and replicas. */
export const ProvisionConfig = z
  .object({
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    NATS_PREFIX: natsPrefix,
    ...streamRetentionFields,
  })
  .superRefine(checkStreamRetention);
export type ProvisionConfig = z.infer<typeof ProvisionConfig>;
