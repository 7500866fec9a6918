import { z } from 'zod';
import { UtcInstant as at } from '../envelope.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`transaction-stopped.v2.ts`), see docs/contracts/README.md. */
export const TransactionStoppedV1 = publicEventSchema(
  'TransactionStopped',
  1,
  z.object({
    transactionId: z.number().int(),
    meterStopWh: z.number().int(),
    stoppedAt: at,
    reason: z.string().nullable(),
  }),
  'A charging transaction stopped; its TxProfiles are gone from the charger.',
);
export type TransactionStoppedV1 = z.infer<typeof TransactionStoppedV1>;
