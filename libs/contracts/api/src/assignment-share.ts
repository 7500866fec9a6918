import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { ChargerId } from './http/charger-routes.js';

/** The most chargers one share of a bulk assignment carries (a larger share is sent in several). */
export const ASSIGNMENT_SHARE_MAX = 500;

/**
 * `charger.assignment.p{k}` (profile-command to profile-command): the replica that runs a bulk assignment asks the
 * replica holding partition k of the charger facts to run the assignment for these chargers of that partition, so
 * each charger's commands run where its facts are taken in and its folded state is already cached
 * (docs/architecture.md §7). The answer comes once every charger's outcome is recorded in the assignment's progress.
 */
export const AssignmentShareRequest = z.strictObject({
  assignmentId: z.string().min(1).max(100),
  tenantId: z.string().min(1).max(100),
  connectorId: z.number().int().nonnegative(),
  chargingProfile: ChargingProfile,
  chargerIds: z.array(ChargerId).min(1).max(ASSIGNMENT_SHARE_MAX),
});
export type AssignmentShareRequest = z.infer<typeof AssignmentShareRequest>;

/** How many chargers the share ran (each one's outcome is in the assignment's progress). */
export const AssignmentShareReply = z.object({ ran: z.number().int().nonnegative() });
export type AssignmentShareReply = z.infer<typeof AssignmentShareReply>;
