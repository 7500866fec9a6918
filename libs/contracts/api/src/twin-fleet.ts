import { z } from 'zod';
import { SyncState, Twin } from './twin-queries.js';

/** `twin.summary`: fleet counts of one tenant, budget exhaustion evaluated at `at` (default: now). */
export const TwinSummaryRequest = z.object({ tenantId: z.string(), at: z.iso.datetime().optional() });
export type TwinSummaryRequest = z.infer<typeof TwinSummaryRequest>;

/** Counts over a tenant's twins; `bySyncState` counts profiles, every other count counts chargers. */
export const TwinSummary = z.object({
  tenantId: z.string(),
  total: z.number().int().nonnegative(),
  connected: z.number().int().nonnegative(),
  outOfSync: z.number().int().nonnegative(),
  budgetExhausted: z.number().int().nonnegative(),
  byModel: z.record(z.string(), z.number().int().nonnegative()),
  bySyncState: z.record(SyncState, z.number().int().nonnegative()),
  at: z.string(),
});
export type TwinSummary = z.infer<typeof TwinSummary>;

/**
 * `twin.changed.{tenantId}` (core NATS, no replay): a twin changed, as it reads after the change. Per charger,
 * `version` only grows; a gap in versions means several events were applied at once (device-twin publishes each
 * twin once per batch of events it applies, at the last of them).
 */
export const TwinChange = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  version: z.number().int().positive(),
  twin: Twin,
});
export type TwinChange = z.infer<typeof TwinChange>;
