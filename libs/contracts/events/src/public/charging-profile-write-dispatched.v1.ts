import { ClearChargingProfileRequest, SetChargingProfileRequest } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-write-dispatched.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileWriteDispatchedV1 = publicEventSchema(
  'ChargingProfileWriteDispatched',
  1,
  z.discriminatedUnion('action', [
    z.object({
      writeId: z.string(),
      chargingProfileId: z.number().int(),
      action: z.literal('SetChargingProfile'),
      request: SetChargingProfileRequest,
    }),
    z.object({
      writeId: z.string(),
      chargingProfileId: z.number().int(),
      action: z.literal('ClearChargingProfile'),
      request: ClearChargingProfileRequest,
    }),
  ]),
  "A write was sent to the charger; it counts against the charger's write budget whatever its outcome.",
);
export type ChargingProfileWriteDispatchedV1 = z.infer<typeof ChargingProfileWriteDispatchedV1>;
