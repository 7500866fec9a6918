import { z } from 'zod';

const at = z.iso.datetime();

/** A configuration value the platform wants on the charger (e.g. compliance-gb: RandomSmartChargeDelay). */
export const ChargerConfigurationDesired = z.object({
  type: z.literal('ChargerConfigurationDesired'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ key: z.string().max(50), value: z.string().max(500), reason: z.string() }),
});

/** A ChangeConfiguration sent to the charger; a memory write on zappi (counted at dispatch). */
export const ChargerConfigurationWriteDispatched = z.object({
  type: z.literal('ChargerConfigurationWriteDispatched'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ writeId: z.string(), key: z.string(), value: z.string(), countsAsWrite: z.boolean() }),
});

/** The charger's answer to a ChangeConfiguration: Accepted/RebootRequired store the value, the others do not. */
export const ChargerConfigurationChanged = z.object({
  type: z.literal('ChargerConfigurationChanged'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    writeId: z.string(),
    key: z.string(),
    value: z.string(),
    status: z.enum(['Accepted', 'RebootRequired', 'Rejected', 'NotSupported']),
  }),
});

/** A ChangeConfiguration got a CALLERROR, no answer in time, found the charger offline, or was never sent. */
export const ChargerConfigurationWriteFailed = z.object({
  type: z.literal('ChargerConfigurationWriteFailed'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    writeId: z.string(),
    key: z.string(),
    failure: z.enum(['call-error', 'timeout', 'offline', 'not-sent']),
    code: z.string(),
    description: z.string(),
  }),
});
