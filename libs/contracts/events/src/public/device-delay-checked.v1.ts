import { z } from 'zod';
import { DelayModeV1 } from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`device-delay-checked.v2.ts`), see docs/contracts/README.md. */
export const DeviceDelayCheckedV1 = publicEventSchema(
  'DeviceDelayChecked',
  1,
  z.object({
    trigger: z.string().describe("Known values: 'boot', 'configuration-report'."),
    value: z
      .string()
      .nullable()
      .describe('The raw RandomSmartChargeDelay value read (never interpreted); null when not reported.'),
    keyUnknown: z.boolean(),
    delayBy: DelayModeV1,
    compliant: z.boolean(),
  }),
  "A reading of the charger's own delay key that changed the picture (or is non-compliant).",
);
export type DeviceDelayCheckedV1 = z.infer<typeof DeviceDelayCheckedV1>;
