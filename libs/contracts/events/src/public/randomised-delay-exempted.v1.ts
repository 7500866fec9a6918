import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { delayTriggerV1, OwnerOverrideV1, RelevantTimeExemptionV1 } from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`randomised-delay-exempted.v2.ts`), see docs/contracts/README.md. */
export const RandomisedDelayExemptedV1 = publicEventSchema(
  'RandomisedDelayExempted',
  1,
  z.object({
    connectorId: z.number().int(),
    chargingProfileId: z.number().int(),
    trigger: delayTriggerV1,
    reason: z.string().describe("Known values: 'owner-override', 'equivalent-delay-applied', 'dsr-response'."),
    exemptions: z.array(RelevantTimeExemptionV1),
    overrideConsumed: OwnerOverrideV1.nullable(),
    nominalProfile: ChargingProfile,
    deliveredProfile: ChargingProfile,
  }),
  'No relevant time of a profile was delayed by the platform, and why.',
);
export type RandomisedDelayExemptedV1 = z.infer<typeof RandomisedDelayExemptedV1>;
