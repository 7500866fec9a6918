import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-desired.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileDesiredV1 = publicEventSchema(
  'ChargingProfileDesired',
  1,
  z.object({ connectorId: z.number().int().nonnegative(), chargingProfile: ChargingProfile }),
  'The CPO asked for this profile on the charger (OCPP 1.6 csChargingProfiles shape).',
);
export type ChargingProfileDesiredV1 = z.infer<typeof ChargingProfileDesiredV1>;
