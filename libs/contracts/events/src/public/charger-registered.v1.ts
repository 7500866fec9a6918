import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-registered.v2.ts`), see docs/contracts/README.md. */
export const ChargerRegisteredV1 = publicEventSchema(
  'ChargerRegistered',
  1,
  z.object({
    tenantId: z.string(),
    model: z.enum(['zappi', 'generic-ocpp16']),
    jurisdiction: z.enum(['GB']).nullable(),
    tags: z.array(z.string()),
  }),
  'A charger was registered with the platform (its credentials are never published).',
);
export type ChargerRegisteredV1 = z.infer<typeof ChargerRegisteredV1>;
