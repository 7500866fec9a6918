import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-configuration-write-failed.v2.ts`), see docs/contracts/README.md. */
export const ChargerConfigurationWriteFailedV1 = publicEventSchema(
  'ChargerConfigurationWriteFailed',
  1,
  z.object({
    writeId: z.string(),
    key: z.string(),
    failure: z.enum(['call-error', 'timeout', 'offline']),
    code: z.string(),
    description: z.string(),
  }),
  'A ChangeConfiguration got a CALLERROR, no answer in time, or found the charger offline.',
);
export type ChargerConfigurationWriteFailedV1 = z.infer<typeof ChargerConfigurationWriteFailedV1>;
