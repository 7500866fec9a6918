import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-configuration-changed.v2.ts`), see docs/contracts/README.md. */
export const ChargerConfigurationChangedV1 = publicEventSchema(
  'ChargerConfigurationChanged',
  1,
  z.object({
    writeId: z.string(),
    key: z.string(),
    value: z.string().describe('"(redacted)" for secret keys (AuthorizationKey).'),
    status: z
      .enum(['Accepted', 'RebootRequired', 'Rejected', 'NotSupported'])
      .describe('OCPP 1.6 ConfigurationStatus: Accepted and RebootRequired store the value.'),
  }),
  "The charger's answer to a ChangeConfiguration.",
);
export type ChargerConfigurationChangedV1 = z.infer<typeof ChargerConfigurationChangedV1>;
