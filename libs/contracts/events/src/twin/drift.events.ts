import { z } from 'zod';
import { UtcInstant } from '../envelope.js';

/** A configuration key whose value differs; `device` null: the charger reported the key as unknown. */
export const ConfigurationDifference = z.object({ key: z.string(), twin: z.string(), device: z.string().nullable() });

/** One period of a composite schedule; `limit` null: no profile limits the charger then (hardware maximum). */
export const CompositePeriod = z.object({ startPeriod: z.number().int().nonnegative(), limit: z.number().nullable() });

/** Seconds [fromSecond, toSecond) after `scheduleStart` where the expected and the reported limit differ. */
export const ScheduleDifference = z.object({
  fromSecond: z.number().int().nonnegative(),
  toSecond: z.number().int().positive(),
  expected: z.number().nullable(),
  reported: z.number().nullable(),
});

/**
 * What a drift check found: the twin against the charger's own answers (GetConfiguration and
 * GetCompositeSchedule, both free reads). `inconclusive`: nothing could be compared (offline, no answer,
 * or an `Accepted` composite with no periods, which zappi sends and which means "no information").
 */
export const TwinDriftReport = z.object({
  chargerId: z.string(),
  twinVersion: z.number().int().nonnegative(),
  checkedAt: UtcInstant,
  outcome: z.enum(['in-agreement', 'drift', 'inconclusive']),
  configuration: z.object({
    status: z.enum(['match', 'mismatch', 'not-compared']),
    reason: z.string().nullable(),
    compared: z.number().int().nonnegative(),
    differences: z.array(ConfigurationDifference),
  }),
  schedule: z.object({
    status: z.enum(['match', 'mismatch', 'no-information', 'not-compared']),
    reason: z.string().nullable(),
    connectorId: z.number().int().nonnegative(),
    durationSeconds: z.number().int().positive(),
    unit: z.enum(['A', 'W']),
    scheduleStart: UtcInstant.nullable(),
    expected: z.array(CompositePeriod),
    reported: z.array(CompositePeriod).nullable(),
    differences: z.array(ScheduleDifference),
  }),
});
export type TwinDriftReport = z.infer<typeof TwinDriftReport>;

const record = <T extends string>(type: T) =>
  z.object({
    id: z.uuid(),
    type: z.literal(type),
    schemaVersion: z.literal(1),
    tenantId: z.string().min(1),
    chargerId: z.string().min(1),
    occurredAt: UtcInstant,
    correlationId: z.string().min(1),
    causationId: z.string().min(1).nullable(),
    data: TwinDriftReport,
  });

/** The twin and the charger disagree (`events.twin.{chargerId}`, stream TWIN_EVENTS). */
export const TwinDriftDetected = record('TwinDriftDetected');
export type TwinDriftDetected = z.infer<typeof TwinDriftDetected>;

/** A drift check found no disagreement, or could compare nothing (`outcome` says which). */
export const TwinDriftChecked = record('TwinDriftChecked');
export type TwinDriftChecked = z.infer<typeof TwinDriftChecked>;
