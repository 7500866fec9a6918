import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { OwnerOverride } from './policy.events.js';

const at = z.iso.datetime();

/** What happens at a relevant time (reg 11): the schedule starts or ends, or its rate rises or falls. */
export const RateChange = z.enum(['start', 'increase', 'decrease', 'end']);

/** Why a relevant time got no platform delay (reg 11 (a)–(c)). */
export const DelayExemptionReason = z.enum(['owner-override', 'equivalent-delay-applied', 'dsr-response']);
export type DelayExemptionReason = z.infer<typeof DelayExemptionReason>;

/** What made the platform evaluate the profile. */
export const DelayTrigger = z.enum([
  'profile-evaluated',
  'platform-activation',
  'daily-refresh',
  'off-peak-default',
  'policy-changed',
]);
export type DelayTrigger = z.infer<typeof DelayTrigger>;

/**
 * A relevant time that is the write itself (rule G1): the limit in force changes at the moment the profile
 * is installed or removed. `hold`: a leading period kept the previous limit for the delay; `late-start`:
 * the profile started later (what was in force meanwhile was the previous limit); `removal`: the removed
 * profile was replaced by one holding its limit until the delayed end, then removed. Limits in the
 * profile's unit; null: no limit.
 */
export const RelevantTimeAtWrite = z.object({
  method: z.enum(['hold', 'late-start', 'removal']),
  limitBefore: z.number().nullable(),
  limitAfter: z.number().nullable(),
});
export type RelevantTimeAtWrite = z.infer<typeof RelevantTimeAtWrite>;

/** One relevant time: where it was (nominal offset and instant) and where the delivered profile puts it. */
export const RelevantTimeDelay = z.object({
  change: RateChange,
  /** Seconds from the nominal schedule start (for `end`: the nominal duration). */
  nominalStartPeriod: z.number().int().nonnegative(),
  /** Seconds from the delivered schedule start (for `start`: 0, the start itself moved). */
  startPeriod: z.number().int().nonnegative(),
  /** The next nominal instant of this relevant time (null for a Relative schedule). */
  nominalAt: at.nullable(),
  delaySeconds: z.number().int().nonnegative(),
  /** The draw was uniform over 0..boundSeconds: the maximum, or less where the next boundary is nearer. */
  boundSeconds: z.number().int().nonnegative(),
  /** Present when this relevant time is the write itself (added field). */
  installation: RelevantTimeAtWrite.optional(),
});
export type RelevantTimeDelay = z.infer<typeof RelevantTimeDelay>;

export const RelevantTimeExemption = z.object({
  change: RateChange,
  nominalStartPeriod: z.number().int().nonnegative(),
  nominalAt: at.nullable(),
  reason: DelayExemptionReason,
  /** True when this relevant time is the write itself (added field). */
  installation: z.boolean().optional(),
});
export type RelevantTimeExemption = z.infer<typeof RelevantTimeExemption>;

/**
 * The platform delayed the relevant times of a profile (platform mode): each draw, its bound, the random
 * source, and both profiles. Relevant times exempted in the same evaluation are listed with their reason.
 */
export const RandomisedDelayApplied = z.object({
  type: z.literal('RandomisedDelayApplied'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    connectorId: z.number().int().nonnegative(),
    chargingProfileId: z.number().int(),
    trigger: DelayTrigger,
    maxDelaySeconds: z.number().int(),
    randomSource: z.string(),
    delays: z.array(RelevantTimeDelay).min(1),
    exemptions: z.array(RelevantTimeExemption),
    /** A next-relevant-time override was used up by this evaluation. */
    overrideConsumed: OwnerOverride.nullable(),
    nominalProfile: ChargingProfile,
    deliveredProfile: ChargingProfile,
    /** Recurring schedules repeat their offsets: when the platform draws them again (null: never needed). */
    refreshAt: at.nullable(),
    /**
     * The write was a removal (added field): `nominalProfile` is the profile removed, `deliveredProfile`
     * what holds its limit until the delayed end (the same profile when the draw was 0: removed at once).
     */
    removal: z.boolean().optional(),
  }),
});

/** No relevant time of a profile was delayed by the platform, and why (the reason is recorded instead). */
export const RandomisedDelayExempted = z.object({
  type: z.literal('RandomisedDelayExempted'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    connectorId: z.number().int().nonnegative(),
    chargingProfileId: z.number().int(),
    trigger: DelayTrigger,
    reason: DelayExemptionReason,
    exemptions: z.array(RelevantTimeExemption).min(1),
    overrideConsumed: OwnerOverride.nullable(),
    nominalProfile: ChargingProfile,
    deliveredProfile: ChargingProfile,
    /** The write was a removal, made at once (added field). */
    removal: z.boolean().optional(),
  }),
});
