import { z } from 'zod';
import { writeStatusV1 } from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`off-peak-default-withdrawn.v2.ts`), see docs/contracts/README.md. */
export const OffPeakDefaultWithdrawnV1 = publicEventSchema(
  'OffPeakDefaultWithdrawn',
  1,
  z.object({
    chargingProfileId: z.number().int(),
    reason: z
      .string()
      .describe("Known values: 'cpo-tx-default-profile', 'dsr-agreement', 'disabled', 'owner-removed'."),
    status: writeStatusV1,
  }),
  'The platform stopped keeping its off-peak default (the CPO has its own, a DSR agreement, disabled, owner removed it).',
);
export type OffPeakDefaultWithdrawnV1 = z.infer<typeof OffPeakDefaultWithdrawnV1>;
