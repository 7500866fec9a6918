import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`platform-delay-deactivated.v2.ts`), see docs/contracts/README.md. */
export const PlatformDelayDeactivatedV1 = publicEventSchema(
  'PlatformDelayDeactivated',
  1,
  z.object({ deviceDelayValue: z.string() }),
  "The platform stopped delaying: the charger's own delay was confirmed back on first.",
);
export type PlatformDelayDeactivatedV1 = z.infer<typeof PlatformDelayDeactivatedV1>;
