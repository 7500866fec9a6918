import { z } from 'zod';
import type { DeviceState } from './device-state.js';

// The app persists DeviceState as JSON so stored profiles survive restarts (Errata 3.37). The state holds
// only JSON values, so serialising is JSON.stringify; restoring parses the file strictly (a boundary).

const int = z.number().int();
const iso = z.string();

const period = z
  .object({
    startPeriod: int.nonnegative(),
    limit: z.number().nonnegative(),
    numberPhases: int.min(1).max(3).optional(),
  })
  .strict();

const schedule = z
  .object({
    duration: int.positive().optional(),
    startSchedule: iso.optional(),
    chargingRateUnit: z.enum(['A', 'W']),
    chargingSchedulePeriod: z.array(period),
    minChargingRate: z.number().optional(),
  })
  .strict();

const profile = z
  .object({
    chargingProfileId: int,
    transactionId: int.optional(),
    stackLevel: int.nonnegative(),
    chargingProfilePurpose: z.enum(['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile']),
    chargingProfileKind: z.enum(['Absolute', 'Recurring', 'Relative']),
    recurrencyKind: z.enum(['Daily', 'Weekly']).optional(),
    validFrom: iso.optional(),
    validTo: iso.optional(),
    chargingSchedule: schedule,
  })
  .strict();

const writeLimit = z.object({ maxWrites: int.positive(), windowSeconds: int.positive() }).strict();

const settings = z
  .object({
    model: z.enum(['zappi', 'generic-ocpp16']),
    vendor: z.string(),
    chargePointModel: z.string(),
    serialNumber: z.string().nullable(),
    firmwareVersion: z.string(),
    smartChargingMinFirmware: z.string().nullable(),
    commercialModeKey: z.string().nullable(),
    jurisdiction: z.literal('GB').nullable(),
    numberOfConnectors: int.positive(),
    phases: z.union([z.literal(1), z.literal(3)]),
    nominalVoltageV: z.number().positive(),
    maxCurrentA: z.number().positive(),
    supportsChargePointMaxProfile: z.boolean(),
    singleTxDefaultProfile: z.boolean(),
    slotLimit: int.positive().nullable(),
    writeLimit: writeLimit.nullable(),
    smartChargingLimits: z
      .object({
        chargeProfileMaxStackLevel: int.nonnegative(),
        chargingScheduleMaxPeriods: int.positive(),
        maxChargingProfilesInstalled: int.positive(),
        allowedChargingRateUnits: z.array(z.enum(['Current', 'Power'])),
      })
      .strict()
      .nullable(),
  })
  .strict();

const connector = z
  .object({
    connectorId: int.positive(),
    status: z.enum([
      'Available',
      'Preparing',
      'Charging',
      'SuspendedEV',
      'SuspendedEVSE',
      'Finishing',
      'Reserved',
      'Unavailable',
      'Faulted',
    ]),
    car: z
      .object({ maxPowerW: z.number().nonnegative(), idTag: z.string(), suspended: z.boolean() })
      .strict()
      .nullable(),
    transaction: z
      .object({ idTag: z.string(), startedAt: z.number(), meterStartWh: z.number(), transactionId: int.nullable() })
      .strict()
      .nullable(),
    meterWh: z.number().nonnegative(),
    meterAt: z.number(),
  })
  .strict();

export const deviceStateSchema: z.ZodType<DeviceState> = z
  .object({
    schemaVersion: z.literal(1),
    settings,
    configuration: z.record(z.string(), z.string()),
    profiles: z.array(
      z
        .object({
          connectorId: int.nonnegative(),
          profile,
          installedAt: z.number(),
          randomDelaySeconds: int.nonnegative(),
        })
        .strict(),
    ),
    connectors: z.array(connector),
    writeLog: z.array(z.number()),
  })
  .strict();

export function serialiseState(state: DeviceState): string {
  return JSON.stringify(state);
}

/** Parses persisted state; throws a ZodError (or SyntaxError) naming what is wrong. */
export function restoreState(json: string): DeviceState {
  return deviceStateSchema.parse(JSON.parse(json));
}
