import { z } from 'zod';

/** `twin.get`: one charger's twin, only within the asking tenant. */
export const TwinGetRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  at: z.iso.datetime().optional(),
});

/** `twin.list`: a page of twins with filters. */
export const TwinListRequest = z.object({
  tenantId: z.string(),
  tag: z.string().optional(),
  connected: z.boolean().optional(),
  outOfSync: z.boolean().optional(),
  budgetExhausted: z.boolean().optional(),
  slotsAbove: z.number().int().nonnegative().optional(),
  /** Only chargers whose id starts with this (added field). */
  idPrefix: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  at: z.iso.datetime().optional(),
});
export type TwinListRequest = z.infer<typeof TwinListRequest>;

export const SyncState = z.enum(['in-sync', 'dispatched', 'deferred', 'awaiting-connection', 'rejected', 'failed']);
export type SyncState = z.infer<typeof SyncState>;

/** The twin shape of docs/architecture.md §3 (fields may be added, never removed). */
export const Twin = z.object({
  chargerId: z.string(),
  tenantId: z.string(),
  model: z.enum(['zappi', 'generic-ocpp16']),
  jurisdiction: z.enum(['GB']).nullable(),
  tags: z.array(z.string()),
  vendor: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  commercialMode: z.boolean().nullable(),
  connected: z.boolean(),
  lastSeenAt: z.string().nullable(),
  slots: z.object({ used: z.number().int(), max: z.number().int().nullable() }),
  writeBudget: z
    .object({
      limit: z.number().int(),
      windowSeconds: z.number().int(),
      used: z.number().int(),
      remaining: z.number().int(),
      nextAvailableAt: z.string().nullable(),
    })
    .nullable(),
  profiles: z.array(
    z.object({
      connectorId: z.number().int(),
      chargingProfileId: z.number().int(),
      purpose: z.string(),
      desired: z.record(z.string(), z.unknown()).nullable(),
      confirmed: z.record(z.string(), z.unknown()).nullable(),
      sync: SyncState,
      lastError: z.object({ code: z.string(), description: z.string() }).nullable(),
      /** The charger's last refusal of this profile (kept after later writes, unlike `lastError`). */
      lastRejection: z
        .object({ status: z.enum(['Rejected', 'NotSupported']), writeId: z.string(), at: z.string() })
        .nullable()
        .optional(),
    }),
  ),
  configuration: z.record(z.string(), z.string()),
  transactions: z.array(
    z.object({ connectorId: z.number().int(), transactionId: z.number().int(), startedAt: z.string() }),
  ),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Twin = z.infer<typeof Twin>;

export const TwinPage = z.object({ items: z.array(Twin), nextCursor: z.string().nullable() });
export type TwinPage = z.infer<typeof TwinPage>;
