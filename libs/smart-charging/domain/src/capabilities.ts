import type { WriteBudgetRule } from './write-budget.js';

export type DeviceModel = 'zappi' | 'generic-ocpp16';
export type ProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export type ProfileKind = 'Absolute' | 'Recurring' | 'Relative';
export type RateUnit = 'A' | 'W';

/**
 * What a charger can take, as data (never as model checks scattered through the code). zappi's values
 * come from docs/domain/zappi.md §2 (Z4–Z11, Q8–Q11); generic ones from the charger's reported keys (§3.12).
 */
export interface DeviceCapabilities {
  model: DeviceModel;
  /** Lowest firmware that accepts profiles, or null when any firmware does. */
  minimumFirmware: string | null;
  /** Configuration key that must read "true" before profiles work (zappi commercial mode), or null. */
  commercialModeKey: string | null;
  /** Periods of all installed profiles together may not exceed this (zappi: 84 slots), or null. */
  slotPool: number | null;
  maxPeriodsPerSchedule: number | null;
  maxStackLevel: number | null;
  maxProfilesInstalled: number | null;
  /** Connectors the charger has (1..n; 0 addresses the whole charger), or null while unknown (zappi: one, Z16). */
  connectors: number | null;
  /** A new TxDefaultProfile replaces the installed one whatever its id and stack level (zappi, Z8). */
  singleTxDefaultProfile: boolean;
  purposes: readonly ProfilePurpose[];
  kinds: readonly ProfileKind[];
  recurrencyKinds: readonly ('Daily' | 'Weekly')[];
  rateUnits: readonly RateUnit[];
  /** Memory-write budget, or null when the device has none. */
  writeBudget: WriteBudgetRule | null;
  /** Whether ChangeConfiguration is a memory write (Q2: yes by default). */
  configurationChangeIsWrite: boolean;
  /** OCPP call timeout in seconds (zappi crosses two clouds: longer). */
  callTimeoutSeconds: number;
}

export const zappiCapabilities: DeviceCapabilities = {
  model: 'zappi',
  minimumFirmware: '5.5',
  commercialModeKey: 'CommercialMode',
  slotPool: 84,
  maxPeriodsPerSchedule: 84,
  maxStackLevel: 0,
  maxProfilesInstalled: null,
  connectors: 1,
  singleTxDefaultProfile: true,
  purposes: ['TxDefaultProfile', 'TxProfile'],
  kinds: ['Absolute', 'Recurring'],
  recurrencyKinds: ['Daily'],
  rateUnits: ['A'],
  // Counted at dispatch, received by the device up to 30 s later: 20 s for the platform and the edge's call queue,
  // 10 s for myenergi's cloud relay to the device and host clock differences (writeSendBy).
  writeBudget: { limit: 24, windowSeconds: 3600, guardSeconds: 30, deliverySeconds: 10 },
  configurationChangeIsWrite: true,
  callTimeoutSeconds: 60,
};

export const genericOcpp16Defaults: DeviceCapabilities = {
  model: 'generic-ocpp16',
  minimumFirmware: null,
  commercialModeKey: null,
  slotPool: null,
  maxPeriodsPerSchedule: null,
  maxStackLevel: null,
  maxProfilesInstalled: null,
  connectors: null,
  singleTxDefaultProfile: false,
  purposes: ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'],
  kinds: ['Absolute', 'Recurring', 'Relative'],
  recurrencyKinds: ['Daily', 'Weekly'],
  rateUnits: ['A', 'W'],
  writeBudget: null,
  configurationChangeIsWrite: false,
  callTimeoutSeconds: 30,
};

const intKey = (config: Readonly<Record<string, string>>, key: string): number | null => {
  const raw = config[key];
  return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null;
};

function allowedUnits(raw: string | undefined): RateUnit[] | null {
  if (raw === undefined) return null;
  const units = raw.split(',').map((u) => u.trim().toLowerCase());
  const out: RateUnit[] = [];
  if (units.includes('current') || units.includes('a')) out.push('A');
  if (units.includes('power') || units.includes('w')) out.push('W');
  return out.length > 0 ? out : null;
}

/** The capabilities of a charger of `model`, refined by the configuration keys it reported. */
export function capabilitiesFor(model: DeviceModel, reported: Readonly<Record<string, string>>): DeviceCapabilities {
  const base = model === 'zappi' ? zappiCapabilities : genericOcpp16Defaults;
  // A reported limit can only tighten the model's own (zappi stays at stack level 0 until verified, Q8).
  const stricter = (model: number | null, key: string) => {
    const value = intKey(reported, key);
    return value === null ? model : model === null ? value : Math.min(model, value);
  };
  const units = allowedUnits(reported['ChargingScheduleAllowedChargingRateUnit']);
  return {
    ...base,
    maxPeriodsPerSchedule: stricter(base.maxPeriodsPerSchedule, 'ChargingScheduleMaxPeriods'),
    maxStackLevel: stricter(base.maxStackLevel, 'ChargeProfileMaxStackLevel'),
    maxProfilesInstalled: stricter(base.maxProfilesInstalled, 'MaxChargingProfilesInstalled'),
    connectors: stricter(base.connectors, 'NumberOfConnectors'),
    rateUnits: units ? base.rateUnits.filter((u) => units.includes(u)) : base.rateUnits,
  };
}

/** Dot-separated numeric comparison: 5.5.1 ≥ 5.5, 5.114 ≥ 5.5, 5.4.9 < 5.5 (Q7). */
export function firmwareAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => (v.match(/\d+/g) ?? []).map(Number);
  const a = parts(version);
  const b = parts(minimum);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** Whether a configuration value reads as "on" (`true`, `True`, `1`, case-insensitive; Q6). */
export function isOn(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'on'].includes(value.trim().toLowerCase());
}

/**
 * What is still known of a charger's configuration once it reboots: everything but its commercial mode, which a
 * reboot can lose (Z17) — unknown until it is read again.
 */
export function configurationAfterBoot(
  model: DeviceModel,
  configuration: Readonly<Record<string, string>>,
): Record<string, string> {
  const key = capabilitiesFor(model, configuration).commercialModeKey;
  return Object.fromEntries(Object.entries(configuration).filter(([k]) => k !== key));
}

/** The configuration the platform reads after each boot and reconnect (free reads: GetConfiguration). */
export const configurationKeysToRead = [
  'SupportedFeatureProfiles',
  'ChargeProfileMaxStackLevel',
  'ChargingScheduleAllowedChargingRateUnit',
  'ChargingScheduleMaxPeriods',
  'MaxChargingProfilesInstalled',
  'NumberOfConnectors',
  'RandomSmartChargeDelay',
  'CommercialMode',
] as const;
