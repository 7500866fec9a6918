import { z } from 'zod';
import { UtcInstant } from '../envelope.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-rejected-by-charger.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileRejectedByChargerV1 = publicEventSchema(
  'ChargingProfileRejectedByCharger',
  1,
  z.object({
    writeId: z.string(),
    chargingProfileId: z.number().int(),
    status: z.enum(['Rejected', 'NotSupported']),
    retryAt: UtcInstant.nullable()
      .optional()
      .describe(
        'When the same write is tried once more (the refusal may have been for the write budget); null or absent when final.',
      ),
  }),
  'The charger refused the write; its confirmed profiles are unchanged.',
);
export type ChargingProfileRejectedByChargerV1 = z.infer<typeof ChargingProfileRejectedByChargerV1>;
