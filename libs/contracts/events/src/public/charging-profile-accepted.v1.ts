import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-accepted.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileAcceptedV1 = publicEventSchema(
  'ChargingProfileAccepted',
  1,
  z.object({
    writeId: z.string(),
    chargingProfileId: z.number().int(),
    connectorId: z.number().int(),
    chargingProfile: ChargingProfile,
  }),
  'The charger answered Accepted: the profile is now confirmed on the device.',
);
export type ChargingProfileAcceptedV1 = z.infer<typeof ChargingProfileAcceptedV1>;
