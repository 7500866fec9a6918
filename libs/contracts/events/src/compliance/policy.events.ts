import { z } from 'zod';

const at = z.iso.datetime();
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM (24 h)');

/** Who applies the GB randomised delay (§4.3): the charger itself, or the platform. */
export const DelayMode = z.enum(['device', 'platform']);
export type DelayMode = z.infer<typeof DelayMode>;

/** The owner's override of the randomised delay (reg 11): for the next relevant time only, or until cleared. */
export const OwnerOverride = z.object({
  scope: z.enum(['next-relevant-time', 'until-further-notice']),
  requestedBy: z.string().min(1).max(200),
  requestedAt: at,
});
export type OwnerOverride = z.infer<typeof OwnerOverride>;

/** A blocked window on weekdays, Europe/London wall-clock time; `to` may be "00:00" (midnight). */
export const PeakWindow = z.object({ from: hhmm, to: hhmm });
export type PeakWindow = z.infer<typeof PeakWindow>;

/** The owner's answer to the default off-peak hours (reg 10): at first use or later, with who and when. */
export const OffPeakOwnerChoice = z.object({
  choice: z.enum(['accept', 'change', 'remove', 'override']),
  by: z.string().min(1).max(200),
  at,
  /** True when this is the owner's first answer (accept / change / remove at first use). */
  firstUse: z.boolean(),
  /** The owner's own blocked windows (choice `change`). */
  blockedWindows: z.array(PeakWindow).min(1).max(4).nullable(),
  /** Charging in peak hours allowed until then (choice `override`). */
  overrideUntil: at.nullable(),
});
export type OffPeakOwnerChoice = z.infer<typeof OffPeakOwnerChoice>;

/** A GB charger's compliance settings (§4.3), as recorded in its compliance stream. */
export const GbPolicySettings = z.object({
  jurisdiction: z.literal('GB'),
  randomisedDelay: z.object({ mode: DelayMode, maxDelaySeconds: z.number().int().min(1).max(1800) }),
  ownerOverride: OwnerOverride.nullable(),
  dsrAgreement: z.boolean(),
  /** The charger is delivering response DSR services now: no delay for the changes that deliver them. */
  dsrResponseActive: z.boolean(),
  offPeakDefault: z.object({ enabled: z.boolean(), ownerChoice: OffPeakOwnerChoice.nullable() }),
});
export type GbPolicySettings = z.infer<typeof GbPolicySettings>;

/** A GB charger got its compliance policy, with the defaults (device mode, 600 s, off-peak default on). */
export const CompliancePolicyCreated = z.object({
  type: z.literal('CompliancePolicyCreated'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    tenantId: z.string(),
    model: z.enum(['zappi', 'generic-ocpp16']),
    settings: GbPolicySettings,
  }),
});

/** Settings changed (remotely, through the API): the full new settings, what changed and who changed it. */
export const CompliancePolicyChanged = z.object({
  type: z.literal('CompliancePolicyChanged'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ settings: GbPolicySettings, changes: z.array(z.string()).min(1), changedBy: z.string() }),
});

/** The platform applies the randomised delay for this charger from now on (every profile it evaluates). */
export const PlatformDelayActivated = z.object({
  type: z.literal('PlatformDelayActivated'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ maxDelaySeconds: z.number().int() }),
});

/** The platform stopped delaying: the charger's own delay was confirmed back on first. */
export const PlatformDelayDeactivated = z.object({
  type: z.literal('PlatformDelayDeactivated'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ deviceDelayValue: z.string() }),
});
