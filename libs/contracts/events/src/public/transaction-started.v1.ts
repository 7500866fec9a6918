import { z } from 'zod';
import { UtcInstant as at } from '../envelope.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`transaction-started.v2.ts`), see docs/contracts/README.md. */
export const TransactionStartedV1 = publicEventSchema(
  'TransactionStarted',
  1,
  z.object({
    connectorId: z.number().int(),
    transactionId: z.number().int(),
    idTag: z.string(),
    meterStartWh: z.number().int(),
    startedAt: at,
  }),
  'A charging transaction started on a connector.',
);
export type TransactionStartedV1 = z.infer<typeof TransactionStartedV1>;
