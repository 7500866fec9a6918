import type { DeviceSettings } from './device-state.js';
import type { ChargingRateUnit } from './ocpp-types.js';

// A = amperes per phase, W = total power (Errata 3.69), at the nominal voltage (never the measured one).
// A period's numberPhases (absent ⇒ 3) counts only up to the phases the hardware has (Errata 3.34).

export function limitToWatts(
  settings: DeviceSettings,
  limit: number,
  unit: ChargingRateUnit,
  numberPhases: number | undefined,
): number {
  if (unit === 'W') return limit;
  const phases = Math.min(numberPhases ?? 3, settings.phases);
  return limit * settings.nominalVoltageV * phases;
}

export function wattsToUnit(settings: DeviceSettings, watts: number, unit: ChargingRateUnit): number {
  const value = unit === 'W' ? watts : watts / (settings.nominalVoltageV * settings.phases);
  return Math.round(value * 10) / 10;
}

export function hardwareMaxW(settings: DeviceSettings): number {
  return settings.maxCurrentA * settings.nominalVoltageV * settings.phases;
}
