import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`charger-connected.v2.ts`), see docs/contracts/README.md. */
export const ChargerConnectedV1 = publicEventSchema(
  'ChargerConnected',
  1,
  z.object({ edgeId: z.string(), connectionId: z.string() }),
  'The charger opened an OCPP WebSocket connection (for zappi: the myenergi cloud did).',
);
export type ChargerConnectedV1 = z.infer<typeof ChargerConnectedV1>;
