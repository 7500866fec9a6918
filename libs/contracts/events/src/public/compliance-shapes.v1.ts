import { z } from 'zod';
import { UtcInstant as at } from '../envelope.js';

// Shapes shared by the public compliance events, version 1. Frozen like the events that use them: a change
// here changes every one of them (the contract check would refuse it). Codes the platform may extend
// (triggers, reasons, statuses) are open strings with their known values documented, so a new value is not
// a breaking change; regulated concepts (delay mode, override scope) are closed.

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM (24 h)');

export const DelayModeV1 = z
  .enum(['device', 'platform'])
  .describe('Who applies the GB randomised delay: the charger itself, or the platform.');

export const OwnerOverrideV1 = z.object({
  scope: z.enum(['next-relevant-time', 'until-further-notice']),
  requestedBy: z.string(),
  requestedAt: at,
});

export const PeakWindowV1 = z
  .object({ from: hhmm, to: hhmm })
  .describe('A blocked window on weekdays, Europe/London wall-clock time; `to` may be "00:00" (midnight).');

export const OffPeakOwnerChoiceV1 = z.object({
  choice: z.string().describe("Known values: 'accept', 'change', 'remove', 'override'."),
  by: z.string(),
  at,
  firstUse: z.boolean(),
  blockedWindows: z.array(PeakWindowV1).nullable(),
  overrideUntil: at.nullable(),
});

export const GbPolicySettingsV1 = z.object({
  jurisdiction: z.literal('GB'),
  randomisedDelay: z.object({ mode: DelayModeV1, maxDelaySeconds: z.number().int() }),
  ownerOverride: OwnerOverrideV1.nullable(),
  dsrAgreement: z.boolean(),
  dsrResponseActive: z.boolean(),
  offPeakDefault: z.object({ enabled: z.boolean(), ownerChoice: OffPeakOwnerChoiceV1.nullable() }),
});

const change = z
  .string()
  .describe("What happens at the relevant time. Known values: 'start', 'increase', 'decrease', 'end'.");

export const RelevantTimeDelayV1 = z.object({
  change,
  nominalStartPeriod: z.number().int().describe('Seconds from the nominal schedule start.'),
  startPeriod: z.number().int().describe('Seconds from the delivered schedule start.'),
  nominalAt: at.nullable(),
  delaySeconds: z.number().int(),
  boundSeconds: z.number().int().describe('The draw was uniform over 0..boundSeconds.'),
});

export const RelevantTimeExemptionV1 = z.object({
  change,
  nominalStartPeriod: z.number().int(),
  nominalAt: at.nullable(),
  reason: z.string().describe("Known values: 'owner-override', 'equivalent-delay-applied', 'dsr-response'."),
});

export const delayTriggerV1 = z
  .string()
  .describe(
    "What made the platform evaluate the profile. Known values: 'profile-evaluated', 'platform-activation', 'daily-refresh', 'off-peak-default', 'policy-changed'.",
  );

export const writeStatusV1 = z
  .string()
  .describe("profile-command's answer. Known values: 'dispatched', 'deferred', 'unchanged', 'awaiting-connection'.");
