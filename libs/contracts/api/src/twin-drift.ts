import { z } from 'zod';

/**
 * `twin.drift.check`: ask the charger (free reads) and compare with its twin, within the asking tenant.
 * The reply is the record device-twin published on TWIN_EVENTS (`TwinEvent` in contracts-events).
 */
export const TwinDriftCheckRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  correlationId: z.string().optional(),
});
export type TwinDriftCheckRequest = z.infer<typeof TwinDriftCheckRequest>;
