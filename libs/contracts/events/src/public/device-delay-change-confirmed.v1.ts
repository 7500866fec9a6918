import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`device-delay-change-confirmed.v2.ts`), see docs/contracts/README.md. */
export const DeviceDelayChangeConfirmedV1 = publicEventSchema(
  'DeviceDelayChangeConfirmed',
  1,
  z.object({ key: z.string(), value: z.string(), status: z.string() }),
  'The charger answered the ChangeConfiguration of its delay key.',
);
export type DeviceDelayChangeConfirmedV1 = z.infer<typeof DeviceDelayChangeConfirmedV1>;
