import { ChargingProfile, ClearChargingProfileRequest, SetChargingProfileRequest } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';

const at = z.iso.datetime();

/** The CPO wants this profile on the charger (validated against the OCPP rules and the device). */
export const ChargingProfileDesired = z.object({
  type: z.literal('ChargingProfileDesired'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ connectorId: z.number().int().nonnegative(), chargingProfile: ChargingProfile }),
});

/** The CPO wants this profile gone from the charger. */
export const ChargingProfileRemovalDesired = z.object({
  type: z.literal('ChargingProfileRemovalDesired'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ chargingProfileId: z.number().int() }),
});

/** A desired profile the charger could never accept; nothing became desired. */
export const ChargingProfileRefused = z.object({
  type: z.literal('ChargingProfileRefused'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    chargingProfileId: z.number().int(),
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/** A write sent to the charger: it counts against the write budget from this instant, whatever its outcome. */
export const ChargingProfileWriteDispatched = z.object({
  type: z.literal('ChargingProfileWriteDispatched'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.discriminatedUnion('action', [
    z.object({
      writeId: z.string(),
      chargingProfileId: z.number().int(),
      action: z.literal('SetChargingProfile'),
      request: SetChargingProfileRequest,
    }),
    z.object({
      writeId: z.string(),
      chargingProfileId: z.number().int(),
      action: z.literal('ClearChargingProfile'),
      request: ClearChargingProfileRequest,
    }),
  ]),
});

/** A needed write waits: for write budget (until when) or for the charger to connect. */
export const ChargingProfileWriteDeferred = z.object({
  type: z.literal('ChargingProfileWriteDeferred'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    chargingProfileIds: z.array(z.number().int()),
    /** `device-not-ready`: a gate of the device is closed (commercial mode off, firmware too old…): `detail` says which. */
    reason: z.enum(['write-budget', 'awaiting-connection', 'device-not-ready']),
    until: at.nullable(),
    detail: z.string().optional(),
  }),
});

/** The charger answered Accepted: what was sent is now confirmed on the device. */
export const ChargingProfileAccepted = z.object({
  type: z.literal('ChargingProfileAccepted'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    writeId: z.string(),
    chargingProfileId: z.number().int(),
    connectorId: z.number().int(),
    chargingProfile: ChargingProfile,
  }),
});

/** The charger answered a ClearChargingProfile: the profile is no longer on the device. */
export const ChargingProfileCleared = z.object({
  type: z.literal('ChargingProfileCleared'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ writeId: z.string(), chargingProfileId: z.number().int(), status: z.enum(['Accepted', 'Unknown']) }),
});

/** The charger refused the write (Rejected / NotSupported); confirmed state is unchanged. */
export const ChargingProfileRejectedByCharger = z.object({
  type: z.literal('ChargingProfileRejectedByCharger'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    writeId: z.string(),
    chargingProfileId: z.number().int(),
    status: z.enum(['Rejected', 'NotSupported']),
    /**
     * A device with a write budget may have refused for its write limit (§2.1, Q4): the same content is tried
     * once more when the window would have freed; null when this refusal is final.
     */
    retryAt: at.nullable().optional(),
  }),
});

/**
 * The write got a CALLERROR, no answer in time, found the charger offline, or was never sent (`not-sent`: the
 * edge held it back, so it never reached the device and does not count against its write budget); confirmed
 * state is unchanged.
 */
export const ChargingProfileWriteFailed = z.object({
  type: z.literal('ChargingProfileWriteFailed'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    writeId: z.string(),
    chargingProfileId: z.number().int(),
    failure: z.enum(['call-error', 'timeout', 'offline', 'not-sent']),
    code: z.string(),
    description: z.string(),
    /** False after a timeout: the charger may or may not have stored it. */
    outcomeKnown: z.boolean(),
  }),
});
