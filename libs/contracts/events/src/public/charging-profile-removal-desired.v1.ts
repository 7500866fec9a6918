import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-removal-desired.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileRemovalDesiredV1 = publicEventSchema(
  'ChargingProfileRemovalDesired',
  1,
  z.object({ chargingProfileId: z.number().int() }),
  'The CPO asked for this profile to be removed from the charger.',
);
export type ChargingProfileRemovalDesiredV1 = z.infer<typeof ChargingProfileRemovalDesiredV1>;
