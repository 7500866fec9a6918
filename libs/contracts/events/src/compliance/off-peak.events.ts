import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { PeakWindow } from './policy.events.js';

const at = z.iso.datetime();

/** The id of the platform's default off-peak TxDefaultProfile: far above any CPO id, so they never collide. */
export const OFF_PEAK_DEFAULT_PROFILE_ID = 2_000_000_001;

/** The CPO's own desired TxDefaultProfile appeared (its id) or went (null): the default is managed only without one. */
export const CpoTxDefaultProfileObserved = z.object({
  type: z.literal('CpoTxDefaultProfileObserved'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ chargingProfileId: z.number().int().nullable() }),
});

/**
 * The default off-peak TxDefaultProfile (reg 10) was handed to profile-command. It never spans a BST/GMT
 * change: `nextWriteAt` says when it must be written again (ahead of its horizon, ahead of a clock change).
 */
export const OffPeakDefaultIssued = z.object({
  type: z.literal('OffPeakDefaultIssued'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    connectorId: z.number().int().nonnegative(),
    chargingProfile: ChargingProfile,
    blockedWindows: z.array(PeakWindow),
    overrideUntil: at.nullable(),
    horizonEnd: at,
    nextWriteAt: at,
    nextWriteReason: z.enum(['horizon-end', 'clock-change']),
    status: z.enum(['dispatched', 'deferred', 'unchanged', 'awaiting-connection']),
  }),
});

/** profile-command refused the default (it can never fit this charger); retried later, the charger is flagged. */
export const OffPeakDefaultRefused = z.object({
  type: z.literal('OffPeakDefaultRefused'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ chargingProfileId: z.number().int(), code: z.string(), message: z.string() }),
});

/** The platform stopped keeping its default (the CPO has its own, a DSR agreement, disabled, owner removed it). */
export const OffPeakDefaultWithdrawn = z.object({
  type: z.literal('OffPeakDefaultWithdrawn'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    chargingProfileId: z.number().int(),
    reason: z.enum(['cpo-tx-default-profile', 'dsr-agreement', 'disabled', 'owner-removed']),
    status: z.enum(['dispatched', 'deferred', 'unchanged', 'awaiting-connection']),
  }),
});
