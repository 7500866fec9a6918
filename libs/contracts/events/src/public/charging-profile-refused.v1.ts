import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-refused.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileRefusedV1 = publicEventSchema(
  'ChargingProfileRefused',
  1,
  z.object({
    chargingProfileId: z.number().int(),
    code: z.string().describe('Why the charger could never accept it (stable refusal code).'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
  'A desired profile the charger could never accept; nothing became desired and nothing was sent.',
);
export type ChargingProfileRefusedV1 = z.infer<typeof ChargingProfileRefusedV1>;
