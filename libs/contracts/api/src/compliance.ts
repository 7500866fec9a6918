import { DelayMode, GbPolicySettings, OwnerOverride, PeakWindow, RateChange } from '@chargeplane/contracts-events';
import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { ChargerId, ProfileWriteStatus, PutChargingProfileAnswer } from './http/charger-routes.js';
import { subjects } from './subjects.js';

/**
 * Request/reply subjects between profile-command and compliance-gb. `evaluate` and the policy subjects are
 * answered by compliance-gb; the `charger.*` ones by profile-command (compliance-gb's way to change a
 * charger: desired state through the charger aggregate, within the write budget).
 */
export const complianceSubjects = {
  evaluate: subjects.complianceEvaluate,
  policyGet: 'compliance.gb.policy.get',
  policyPut: 'compliance.gb.policy.put',
  report: 'compliance.gb.report',
  chargerConfigurationDesired: 'charger.configuration.desired',
  chargerProfileDesired: 'charger.profile.desired',
  chargerProfileRemovalDesired: 'charger.profile.removal.desired',
} as const;

/** `compliance.gb.evaluate`: profile-command asks before a GB charger's profile is validated and stored. */
export const ComplianceEvaluateRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  connectorId: z.number().int().nonnegative(),
  chargingProfile: ChargingProfile,
});
export type ComplianceEvaluateRequest = z.infer<typeof ComplianceEvaluateRequest>;

/**
 * `compliance.gb.evaluate` for a removal (DELETE, added form): a removal that changes the limit in force is
 * a relevant time of its own (reg 11, rule G1). Answered with `ComplianceEvaluateRemovalReply`.
 */
export const ComplianceEvaluateRemovalRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  removeChargingProfileId: z.number().int(),
});
export type ComplianceEvaluateRemovalRequest = z.infer<typeof ComplianceEvaluateRemovalRequest>;

/** Either form of `compliance.gb.evaluate` (as compliance-gb parses it). */
export const ComplianceEvaluateAnyRequest = z.union([ComplianceEvaluateRequest, ComplianceEvaluateRemovalRequest]);
export type ComplianceEvaluateAnyRequest = z.infer<typeof ComplianceEvaluateAnyRequest>;

export const ComplianceEvaluateReply = z.object({
  /** The profile to store and send (with platform delays applied, or unchanged). */
  chargingProfile: ChargingProfile,
  /** One entry per relevant time the platform delayed. */
  delays: z.array(
    z.object({ startPeriod: z.number().int(), nominalStartPeriod: z.number().int(), delaySeconds: z.number().int() }),
  ),
  /** Why no platform delay was applied, when none was. */
  exemption: z.enum(['device-mode', 'owner-override', 'equivalent-delay-applied', 'dsr-response', 'not-gb']).nullable(),
  /** Relevant times left undelayed in this evaluation, each with its reason (added; older replies omit it). */
  exemptions: z
    .array(
      z.object({
        nominalStartPeriod: z.number().int(),
        reason: z.enum(['owner-override', 'equivalent-delay-applied', 'dsr-response']),
      }),
    )
    .optional(),
  /** For a recurring profile in platform mode: when compliance-gb re-draws its delays (one write a day). */
  refreshAt: z.iso.datetime().nullable().optional(),
});
export type ComplianceEvaluateReply = z.infer<typeof ComplianceEvaluateReply>;

/**
 * The answer to a removal: `replacement` null means remove now; otherwise profile-command desires the
 * replacement instead (it holds the limit in force for the drawn delay, then ends) and compliance-gb asks
 * for the removal once it has ended.
 */
export const ComplianceEvaluateRemovalReply = z.object({
  replacement: z.object({ connectorId: z.number().int().nonnegative(), chargingProfile: ChargingProfile }).nullable(),
  delays: ComplianceEvaluateReply.shape.delays,
  exemption: ComplianceEvaluateReply.shape.exemption,
});
export type ComplianceEvaluateRemovalReply = z.infer<typeof ComplianceEvaluateRemovalReply>;

// ——— policy (GET/PUT /v1/chargers/{chargerId}/compliance, forwarded by profile-command) ———

/** `PUT /v1/chargers/{chargerId}/compliance` body. Who and when of overrides and owner choices are stamped by the platform. */
export const PutCompliancePolicyBody = z.strictObject({
  jurisdiction: z.literal('GB'),
  randomisedDelay: z.strictObject({ mode: DelayMode, maxDelaySeconds: z.number().int().min(1).max(1800).default(600) }),
  ownerOverride: z
    .strictObject({ scope: OwnerOverride.shape.scope, requestedBy: z.string().min(1).max(200).optional() })
    .nullable()
    .default(null),
  dsrAgreement: z.boolean().default(false),
  dsrResponseActive: z.boolean().default(false),
  offPeakDefault: z
    .strictObject({
      enabled: z.boolean(),
      ownerChoice: z
        .strictObject({
          choice: z.enum(['accept', 'change', 'remove', 'override']),
          by: z.string().min(1).max(200).optional(),
          blockedWindows: z.array(PeakWindow).min(1).max(4).optional(),
          overrideUntil: z.iso.datetime().optional(),
        })
        .refine((c) => c.choice !== 'change' || c.blockedWindows !== undefined, {
          message: 'choice "change" needs blockedWindows',
        })
        .refine((c) => c.choice !== 'override' || c.overrideUntil !== undefined, {
          message: 'choice "override" needs overrideUntil',
        })
        .nullable()
        .optional(),
    })
    .default({ enabled: true }),
  /** Who makes this change (an owner or operator reference); defaults to the tenant. */
  actor: z.string().min(1).max(200).optional(),
});
export type PutCompliancePolicyBody = z.infer<typeof PutCompliancePolicyBody>;

export const ComplianceStatus = z.enum(['compliant', 'non-compliant']);

/**
 * One relevant time the platform delayed (reg 11), at its next occurrence: when the nominal profile has it, when
 * the delivered profile has it (`nominalAt` + `delaySeconds`, both null for a Relative schedule, which counts from
 * the transaction start), and the draw as the audit event `RandomisedDelayApplied` recorded it.
 */
export const PlatformDelayBoundary = z.object({
  change: RateChange,
  /** Seconds from the nominal schedule start (for `end`: the nominal duration). */
  nominalStartPeriod: z.number().int().nonnegative(),
  nominalAt: z.iso.datetime().nullable(),
  delayedAt: z.iso.datetime().nullable(),
  delaySeconds: z.number().int().nonnegative(),
  /** The draw was uniform over 0..boundSeconds. */
  boundSeconds: z.number().int().nonnegative(),
  /** The write itself was the relevant time (rule G1): a one-off, never repeated by a recurring schedule. */
  atWrite: z.boolean(),
});
export type PlatformDelayBoundary = z.infer<typeof PlatformDelayBoundary>;

/**
 * The platform delays in the profile desired under one id (platform mode, or drawn then and still desired): the
 * boundaries still ahead, soonest first. A recurring schedule's boundaries (not `atWrite`) come round again every
 * `repeatsEverySeconds` with the same delays until `redrawAt`, when they are drawn again.
 */
export const PlatformDelayView = z.object({
  chargingProfileId: z.number().int(),
  connectorId: z.number().int().nonnegative(),
  drawnAt: z.iso.datetime(),
  maxDelaySeconds: z.number().int().positive(),
  boundaries: z.array(PlatformDelayBoundary).min(1),
  repeatsEverySeconds: z.number().int().positive().nullable(),
  redrawAt: z.iso.datetime().nullable(),
});
export type PlatformDelayView = z.infer<typeof PlatformDelayView>;

/** The policy as GET shows it: the settings (§4.3) plus status, reasons and what the platform is doing. */
export const CompliancePolicyView = GbPolicySettings.extend({
  chargerId: z.string(),
  status: ComplianceStatus,
  reasons: z.array(z.string()),
  /** Whether the platform applies the delay now (from the switch to platform until the device delay is back on). */
  platformDelayActive: z.boolean(),
  deviceDelay: z.object({ reportedValue: z.string().nullable(), pendingValue: z.string().nullable() }),
  offPeakDefaultProfile: z
    .object({ chargingProfileId: z.number().int(), horizonEnd: z.string(), nextWriteAt: z.string() })
    .nullable(),
  /** The random delays the platform drew and the charger's desired profiles carry (added field; empty in device mode). */
  platformDelays: z.array(PlatformDelayView).default([]),
  version: z.number().int().nonnegative(),
});
export type CompliancePolicyView = z.infer<typeof CompliancePolicyView>;

/** `compliance.gb.policy.get`. */
export const CompliancePolicyGetRequest = z.object({ tenantId: z.string(), chargerId: ChargerId });
/** `compliance.gb.policy.put`; `expectedVersion` comes from If-Match. */
export const CompliancePolicyPutRequest = z.object({
  tenantId: z.string(),
  chargerId: ChargerId,
  body: PutCompliancePolicyBody,
  actor: z.string(),
  expectedVersion: z.number().int().nonnegative().optional(),
});
export type CompliancePolicyPutRequest = z.infer<typeof CompliancePolicyPutRequest>;

/** `compliance.gb.report` / `GET /v1/compliance/report`: the tenant's GB fleet. */
export const ComplianceReportRequest = z.object({
  tenantId: z.string(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const ComplianceFleetReport = z.object({
  tenantId: z.string(),
  total: z.number().int().nonnegative(),
  byStatus: z.record(ComplianceStatus, z.number().int().nonnegative()),
  byMode: z.record(DelayMode, z.number().int().nonnegative()),
  /** Non-compliant chargers first (up to `limit`), with their reasons. */
  needingAttention: z.array(
    z.object({ chargerId: z.string(), mode: DelayMode, reasons: z.array(z.string()), since: z.string() }),
  ),
  generatedAt: z.string(),
});
export type ComplianceFleetReport = z.infer<typeof ComplianceFleetReport>;

// ——— compliance-gb → profile-command (answered by profile-command) ———

/** `charger.configuration.desired`: desired value of a configuration key, written by ChangeConfiguration within the write budget. */
export const ChargerConfigurationDesiredRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  key: z.string().min(1).max(50),
  value: z.string().max(500),
  reason: z.string().min(1).max(200),
});
export type ChargerConfigurationDesiredRequest = z.infer<typeof ChargerConfigurationDesiredRequest>;
export const ChargerConfigurationDesiredReply = z.object({ status: ProfileWriteStatus });
export type ChargerConfigurationDesiredReply = z.infer<typeof ChargerConfigurationDesiredReply>;

/**
 * `charger.profile.desired`: a profile compliance-gb made (the off-peak default, or a profile it re-delayed).
 * It is final: platform delays are already in it, so the responder must not evaluate it again. With
 * `ifDesired`, the responder applies it only while the profile desired under that id still equals
 * `ifDesired` (null: none desired), else answers PRECONDITION_FAILED (so a CPO's newer profile is never overwritten).
 * Reply: the PUT answer; a profile the charger can never take is an error with its refusal code
 * (ProfileRefusalCode) as the code.
 */
export const ChargerProfileDesiredRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  connectorId: z.number().int().nonnegative(),
  chargingProfile: ChargingProfile,
  origin: z.enum(['compliance-default', 'compliance-delay']),
  ifDesired: ChargingProfile.nullable().optional(),
});
export type ChargerProfileDesiredRequest = z.infer<typeof ChargerProfileDesiredRequest>;
export const ChargerProfileDesiredReply = PutChargingProfileAnswer;

/**
 * `charger.profile.removal.desired`: compliance-gb no longer wants its default profile on the charger
 * (`compliance-default`), or a delayed removal's holding profile has ended (`compliance-delay`). Final:
 * never evaluated again.
 */
export const ChargerProfileRemovalDesiredRequest = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  chargingProfileId: z.number().int(),
  origin: z.enum(['compliance-default', 'compliance-delay']),
});
export type ChargerProfileRemovalDesiredRequest = z.infer<typeof ChargerProfileRemovalDesiredRequest>;
