import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';

/** Charger ids travel in URLs and NATS subjects: printable, no spaces, bounded. */
export const ChargerId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:~-]+$/, 'charger ids use letters, digits and . _ : ~ - only');

export const CreateTenantBody = z.strictObject({ name: z.string().min(1).max(200) });
export const CreateTenantAnswer = z.object({ tenantId: z.string(), apiKey: z.string() });

export const RegisterChargerBody = z.strictObject({
  chargerId: ChargerId,
  model: z.enum(['zappi', 'generic-ocpp16']),
  jurisdiction: z.enum(['GB']).optional(),
  password: z.string().min(16, 'a charger password has at least 16 characters').max(64).optional(),
  tags: z.array(z.string().min(1).max(64)).max(50).default([]),
});
export type RegisterChargerBody = z.infer<typeof RegisterChargerBody>;
export const RegisterChargerAnswer = z.object({
  chargerId: z.string(),
  ocppUrl: z.string(),
  password: z.string(),
  version: z.number(),
});

export const ProfilePathParams = z.object({
  chargerId: ChargerId,
  chargingProfileId: z.coerce.number().int().nonnegative().max(2_147_483_647),
});

export const PutChargingProfileBody = z.strictObject({
  connectorId: z.number().int().nonnegative(),
  chargingProfile: ChargingProfile,
});
export type PutChargingProfileBody = z.infer<typeof PutChargingProfileBody>;

export const ProfileWriteStatus = z.enum(['dispatched', 'deferred', 'unchanged', 'awaiting-connection']);
export const PutChargingProfileAnswer = z.object({
  chargerId: z.string(),
  chargingProfileId: z.number(),
  status: ProfileWriteStatus,
  /** When a deferred write becomes possible (write budget), if known. */
  deferredUntil: z.string().nullable(),
  version: z.number(),
});
export type PutChargingProfileAnswer = z.infer<typeof PutChargingProfileAnswer>;

export const ListChargersQuery = z.object({
  tag: z.string().optional(),
  connected: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  outOfSync: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  budgetExhausted: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  slotsAbove: z.coerce.number().int().nonnegative().optional(),
  idPrefix: z.string().min(1).max(64).optional().describe('only chargers whose id starts with this'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});

export const EventsQuery = z.object({
  fromVersion: z.coerce.number().int().positive().default(1),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const CreateAssignmentBody = z
  .strictObject({
    chargerIds: z.array(ChargerId).min(1).max(100_000).optional(),
    tag: z.string().min(1).max(64).optional(),
    connectorId: z.number().int().nonnegative(),
    chargingProfile: ChargingProfile,
  })
  .refine((b) => (b.chargerIds === undefined) !== (b.tag === undefined), {
    message: 'give exactly one of chargerIds or tag',
  });
export type CreateAssignmentBody = z.infer<typeof CreateAssignmentBody>;
export const CreateAssignmentAnswer = z.object({ assignmentId: z.string(), total: z.number() });
export const AssignmentProgress = z.object({
  assignmentId: z.string(),
  chargingProfileId: z.number(),
  createdAt: z.string(),
  total: z.number(),
  completed: z.number(),
  byStatus: z.record(z.string(), z.number()),
  problems: z.array(
    z.object({
      chargerId: z.string(),
      status: z.string(),
      code: z.string().nullable().describe('refused: the refusal code, as a PUT would answer it (SLOTS_EXCEEDED, …)'),
    }),
  ),
});
