import { MeterValue } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`meter-values-reported.v2.ts`), see docs/contracts/README.md. */
export const MeterValuesReportedV1 = publicEventSchema(
  'MeterValuesReported',
  1,
  z.object({
    connectorId: z.number().int(),
    transactionId: z.number().int().optional(),
    meterValue: z.array(MeterValue),
  }),
  'Meter values as the charger reported them (OCPP 1.6 MeterValues.req).',
);
export type MeterValuesReportedV1 = z.infer<typeof MeterValuesReportedV1>;
