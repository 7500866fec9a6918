import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`cpo-tx-default-profile-observed.v2.ts`), see docs/contracts/README.md. */
export const CpoTxDefaultProfileObservedV1 = publicEventSchema(
  'CpoTxDefaultProfileObserved',
  1,
  z.object({ chargingProfileId: z.number().int().nullable() }),
  "The CPO's own desired TxDefaultProfile appeared (its id) or went (null): the off-peak default is managed only without one.",
);
export type CpoTxDefaultProfileObservedV1 = z.infer<typeof CpoTxDefaultProfileObservedV1>;
