import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';

/** `compliance.gb.evaluate`: profile-command asks before a GB charger's profile is validated and stored. */
export const ComplianceEvaluateRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  connectorId: z.number().int().nonnegative(),
  chargingProfile: ChargingProfile,
});
export type ComplianceEvaluateRequest = z.infer<typeof ComplianceEvaluateRequest>;

export const ComplianceEvaluateReply = z.object({
  /** The profile to store and send (with platform delays applied, or unchanged). */
  chargingProfile: ChargingProfile,
  /** One entry per relevant time the platform delayed. */
  delays: z.array(z.object({ startPeriod: z.number().int(), nominalStartPeriod: z.number().int(), delaySeconds: z.number().int() })),
  /** Why no platform delay was applied, when none was. */
  exemption: z.enum(['device-mode', 'owner-override', 'equivalent-delay-applied', 'dsr-response', 'not-gb']).nullable(),
});
export type ComplianceEvaluateReply = z.infer<typeof ComplianceEvaluateReply>;
