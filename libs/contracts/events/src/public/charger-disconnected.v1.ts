import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-disconnected.v2.ts`), see docs/contracts/README.md. */
export const ChargerDisconnectedV1 = publicEventSchema(
  'ChargerDisconnected',
  1,
  z.object({ edgeId: z.string(), connectionId: z.string(), reason: z.string() }),
  "The charger's OCPP connection closed.",
);
export type ChargerDisconnectedV1 = z.infer<typeof ChargerDisconnectedV1>;
