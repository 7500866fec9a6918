import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { UtcInstant as at } from '../envelope.js';
import { PeakWindowV1, writeStatusV1 } from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`off-peak-default-issued.v2.ts`), see docs/contracts/README.md. */
export const OffPeakDefaultIssuedV1 = publicEventSchema(
  'OffPeakDefaultIssued',
  1,
  z.object({
    connectorId: z.number().int(),
    chargingProfile: ChargingProfile,
    blockedWindows: z.array(PeakWindowV1),
    overrideUntil: at.nullable(),
    horizonEnd: at,
    nextWriteAt: at,
    nextWriteReason: z.string().describe("Known values: 'horizon-end', 'clock-change'."),
    status: writeStatusV1,
  }),
  'The default off-peak TxDefaultProfile (reg 10) was handed to profile-command; nextWriteAt says when it is written again.',
);
export type OffPeakDefaultIssuedV1 = z.infer<typeof OffPeakDefaultIssuedV1>;
