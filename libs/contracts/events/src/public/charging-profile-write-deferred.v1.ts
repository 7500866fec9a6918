import { z } from 'zod';
import { UtcInstant as at } from '../envelope.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charging-profile-write-deferred.v2.ts`), see docs/contracts/README.md. */
export const ChargingProfileWriteDeferredV1 = publicEventSchema(
  'ChargingProfileWriteDeferred',
  1,
  z.object({
    chargingProfileIds: z.array(z.number().int()),
    // An open string: reasons are added as the platform learns new ones, and a new value must not make a
    // consumer of this version refuse the event (a closed enum would make every new reason a breaking change).
    reason: z
      .string()
      .describe(
        "Why the write waits. Known values: 'write-budget' (until when budget frees), 'awaiting-connection', 'device-not-ready' (a device gate is closed: see detail). New values may appear.",
      ),
    until: at.nullable(),
    detail: z
      .string()
      .optional()
      .describe("What is not ready, for 'device-not-ready' (commercial mode off, firmware too old…)."),
  }),
  'A needed write waits: for write budget (until when), for the charger to connect, or for the device to be ready.',
);
export type ChargingProfileWriteDeferredV1 = z.infer<typeof ChargingProfileWriteDeferredV1>;
