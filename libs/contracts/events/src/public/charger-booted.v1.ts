import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-booted.v2.ts`), see docs/contracts/README.md. */
export const ChargerBootedV1 = publicEventSchema(
  'ChargerBooted',
  1,
  z.object({
    chargePointVendor: z.string(),
    chargePointModel: z.string(),
    firmwareVersion: z.string().nullable(),
    chargePointSerialNumber: z.string().nullable(),
  }),
  'The charger sent a BootNotification the platform accepted.',
);
export type ChargerBootedV1 = z.infer<typeof ChargerBootedV1>;
