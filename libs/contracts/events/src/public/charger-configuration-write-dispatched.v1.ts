import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-configuration-write-dispatched.v2.ts`), see docs/contracts/README.md. */
export const ChargerConfigurationWriteDispatchedV1 = publicEventSchema(
  'ChargerConfigurationWriteDispatched',
  1,
  z.object({
    writeId: z.string(),
    key: z.string(),
    value: z.string().describe('"(redacted)" for secret keys (AuthorizationKey).'),
    countsAsWrite: z.boolean().describe("Whether it counts against the charger's memory-write budget (zappi: yes)."),
  }),
  'A ChangeConfiguration was sent to the charger.',
);
export type ChargerConfigurationWriteDispatchedV1 = z.infer<typeof ChargerConfigurationWriteDispatchedV1>;
