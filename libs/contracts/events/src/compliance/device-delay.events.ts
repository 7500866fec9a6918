import { z } from 'zod';
import { DelayMode } from './policy.events.js';

const at = z.iso.datetime();

/** The configuration key of zappi's own randomised delay (Z10, Q1). */
export const DEVICE_DELAY_KEY = 'RandomSmartChargeDelay';

/** A reading of the charger's delay key that changed the picture (or is non-compliant): the flag and its evidence. */
export const DeviceDelayChecked = z.object({
  type: z.literal('DeviceDelayChecked'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    trigger: z.enum(['boot', 'configuration-report']),
    /** The raw value read (Q1: never interpreted), null when the charger did not report the key. */
    value: z.string().nullable(),
    keyUnknown: z.boolean(),
    /** Who delays at this moment (the platform while its delay is active). */
    delayBy: DelayMode,
    compliant: z.boolean(),
  }),
});

/** The platform asked profile-command to write the delay key (ChangeConfiguration, within the write budget). */
export const DeviceDelayChangeRequested = z.object({
  type: z.literal('DeviceDelayChangeRequested'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    key: z.literal(DEVICE_DELAY_KEY),
    value: z.string(),
    /** Where the value came from: "0" for platform mode, else the last non-zero reading or the policy maximum. */
    valueSource: z.enum(['platform-delay', 'previous-reading', 'policy-maximum']),
    reason: z.enum(['device-delay-disabled', 'device-delay-missing', 'platform-delay-active', 'device-mode-restored']),
    /** profile-command's answer to the request. */
    status: z.enum(['dispatched', 'deferred', 'unchanged', 'awaiting-connection']),
  }),
});

/** The charger answered the ChangeConfiguration of the delay key (seen on the charger stream). */
export const DeviceDelayChangeConfirmed = z.object({
  type: z.literal('DeviceDelayChangeConfirmed'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ key: z.literal(DEVICE_DELAY_KEY), value: z.string(), status: z.string() }),
});
