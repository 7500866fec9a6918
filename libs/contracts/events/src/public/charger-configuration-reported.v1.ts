import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-configuration-reported.v2.ts`), see docs/contracts/README.md. */
export const ChargerConfigurationReportedV1 = publicEventSchema(
  'ChargerConfigurationReported',
  1,
  z.object({ values: z.record(z.string(), z.string()), unknownKeys: z.array(z.string()) }),
  'The charger reported configuration keys (GetConfiguration).',
);
export type ChargerConfigurationReportedV1 = z.infer<typeof ChargerConfigurationReportedV1>;
