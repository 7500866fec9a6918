import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-write-failed.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileWriteFailedV1 = publicEventSchema(
  'ChargingProfileWriteFailed',
  1,
  z.object({
    writeId: z.string(),
    chargingProfileId: z.number().int(),
    failure: z.enum(['call-error', 'timeout', 'offline']),
    code: z.string(),
    description: z.string(),
    outcomeKnown: z.boolean().describe('False after a timeout: the charger may or may not have stored the profile.'),
  }),
  'The write got a CALLERROR, no answer in time, or the charger was offline; confirmed profiles are unchanged.',
);
export type ChargingProfileWriteFailedV1 = z.infer<typeof ChargingProfileWriteFailedV1>;
