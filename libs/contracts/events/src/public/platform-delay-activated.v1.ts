import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`platform-delay-activated.v2.ts`), see docs/contracts/README.md. */
export const PlatformDelayActivatedV1 = publicEventSchema(
  'PlatformDelayActivated',
  1,
  z.object({ maxDelaySeconds: z.number().int() }),
  'The platform applies the randomised delay for this charger from now on.',
);
export type PlatformDelayActivatedV1 = z.infer<typeof PlatformDelayActivatedV1>;
