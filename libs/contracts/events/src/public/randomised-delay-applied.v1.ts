import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { UtcInstant as at } from '../envelope.js';
import {
  delayTriggerV1,
  OwnerOverrideV1,
  RelevantTimeDelayV1,
  RelevantTimeExemptionV1,
} from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`randomised-delay-applied.v2.ts`), see docs/contracts/README.md. */
export const RandomisedDelayAppliedV1 = publicEventSchema(
  'RandomisedDelayApplied',
  1,
  z.object({
    connectorId: z.number().int(),
    chargingProfileId: z.number().int(),
    trigger: delayTriggerV1,
    maxDelaySeconds: z.number().int(),
    randomSource: z.string(),
    delays: z.array(RelevantTimeDelayV1),
    exemptions: z.array(RelevantTimeExemptionV1),
    overrideConsumed: OwnerOverrideV1.nullable(),
    nominalProfile: ChargingProfile,
    deliveredProfile: ChargingProfile,
    refreshAt: at.nullable(),
  }),
  'The platform delayed the relevant times of a profile (platform mode): each draw, its bound, the random source, and both profiles.',
);
export type RandomisedDelayAppliedV1 = z.infer<typeof RandomisedDelayAppliedV1>;
