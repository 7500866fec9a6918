import { z } from 'zod';

/** `edge.connection.opened.{chargerId}`: which edge and connection now hold the charger. */
export const ConnectionOpened = z.object({ chargerId: z.string(), edgeId: z.string(), connectionId: z.string() });
export type ConnectionOpened = z.infer<typeof ConnectionOpened>;
