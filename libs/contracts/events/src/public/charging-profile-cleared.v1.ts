import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-cleared.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileClearedV1 = publicEventSchema(
  'ChargingProfileCleared',
  1,
  z.object({ writeId: z.string(), chargingProfileId: z.number().int(), status: z.enum(['Accepted', 'Unknown']) }),
  'The charger answered a ClearChargingProfile: the profile is no longer on the device.',
);
export type ChargingProfileClearedV1 = z.infer<typeof ChargingProfileClearedV1>;
