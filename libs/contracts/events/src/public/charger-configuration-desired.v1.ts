import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-configuration-desired.v2.ts`), see docs/contracts/README.md. */
export const ChargerConfigurationDesiredV1 = publicEventSchema(
  'ChargerConfigurationDesired',
  1,
  z.object({
    key: z.string(),
    value: z.string().describe('The wanted value; "(redacted)" for secret keys (AuthorizationKey).'),
    reason: z.string(),
  }),
  'A configuration value the platform wants on the charger (e.g. RandomSmartChargeDelay for GB compliance).',
);
export type ChargerConfigurationDesiredV1 = z.infer<typeof ChargerConfigurationDesiredV1>;
