import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`off-peak-default-refused.v2.ts`), see docs/contracts/README.md. */
export const OffPeakDefaultRefusedV1 = publicEventSchema(
  'OffPeakDefaultRefused',
  1,
  z.object({ chargingProfileId: z.number().int(), code: z.string(), message: z.string() }),
  'profile-command refused the off-peak default (it can never fit this charger); retried later, the charger is flagged.',
);
export type OffPeakDefaultRefusedV1 = z.infer<typeof OffPeakDefaultRefusedV1>;
