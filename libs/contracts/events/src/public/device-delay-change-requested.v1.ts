import { z } from 'zod';
import { writeStatusV1 } from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`device-delay-change-requested.v2.ts`), see docs/contracts/README.md. */
export const DeviceDelayChangeRequestedV1 = publicEventSchema(
  'DeviceDelayChangeRequested',
  1,
  z.object({
    key: z.string(),
    value: z.string(),
    valueSource: z.string().describe("Known values: 'platform-delay', 'previous-reading', 'policy-maximum'."),
    reason: z
      .string()
      .describe(
        "Known values: 'device-delay-disabled', 'device-delay-missing', 'platform-delay-active', 'device-mode-restored'.",
      ),
    status: writeStatusV1,
  }),
  "The platform asked for the charger's delay key to be written (ChangeConfiguration, within the write budget).",
);
export type DeviceDelayChangeRequestedV1 = z.infer<typeof DeviceDelayChangeRequestedV1>;
