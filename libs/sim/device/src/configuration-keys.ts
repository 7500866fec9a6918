import type { DeviceSettings, DeviceState } from './device-state.js';
import { firmwareAtLeast } from './firmware.js';

// Every configuration key the simulated device knows. Read-only keys are derived from the settings;
// read-write keys are stored (as canonical strings) in state.configuration. `normalise` turns a
// ChangeConfiguration value into its canonical stored form, or null when the value is not acceptable.

export interface ReadOnlyKey {
  key: string;
  readonly: true;
  read: (state: DeviceState) => string;
}

export interface ReadWriteKey {
  key: string;
  readonly: false;
  defaultValue: (settings: DeviceSettings) => string;
  normalise: (value: string) => string | null;
}

export type KeyDefinition = ReadOnlyKey | ReadWriteKey;

export const MAX_RANDOM_DELAY_SECONDS = 1800;

function integerIn(min: number, max: number): (value: string) => string | null {
  return (value) => {
    const text = value.trim();
    if (!/^[+-]?\d+$/.test(text)) return null;
    const n = Number(text);
    return Number.isSafeInteger(n) && n >= min && n <= max ? String(n) : null;
  };
}

/** zappi spells booleans True/False (seen in the field); any case is accepted on input. */
function zappiBoolean(value: string): string | null {
  const text = value.trim().toLowerCase();
  if (text === 'true') return 'True';
  if (text === 'false') return 'False';
  return null;
}

function oneOf(...allowed: string[]): (value: string) => string | null {
  return (value) => (allowed.includes(value) ? value : null);
}

export function supportsSmartCharging(settings: DeviceSettings): boolean {
  return (
    settings.smartChargingMinFirmware === null ||
    firmwareAtLeast(settings.firmwareVersion, settings.smartChargingMinFirmware)
  );
}

function featureProfiles(base: string[]): ReadOnlyKey {
  return {
    key: 'SupportedFeatureProfiles',
    readonly: true,
    read: (state) => [...base, ...(supportsSmartCharging(state.settings) ? ['SmartCharging'] : [])].join(','),
  };
}

const commonKeys: KeyDefinition[] = [
  { key: 'GetConfigurationMaxKeys', readonly: true, read: () => '50' },
  { key: 'HeartbeatInterval', readonly: false, defaultValue: () => '300', normalise: integerIn(0, 86_400) },
  { key: 'MeterValueSampleInterval', readonly: false, defaultValue: () => '60', normalise: integerIn(0, 86_400) },
  { key: 'NumberOfConnectors', readonly: true, read: (s) => String(s.settings.numberOfConnectors) },
  { key: 'WebSocketPingInterval', readonly: false, defaultValue: () => '0', normalise: integerIn(0, 86_400) },
];

const zappiKeys: KeyDefinition[] = [
  featureProfiles(['Core', 'FirmwareManagement']),
  ...commonKeys,
  { key: 'CommercialMode', readonly: false, defaultValue: () => 'True', normalise: zappiBoolean },
  { key: 'FreeCharging', readonly: false, defaultValue: () => 'False', normalise: zappiBoolean },
  { key: 'OCPPChargeMode', readonly: false, defaultValue: () => 'FAST', normalise: oneOf('FAST', 'ECO', 'ECO+') },
  {
    key: 'RandomSmartChargeDelay',
    readonly: false,
    defaultValue: (settings) => (settings.jurisdiction === 'GB' ? '600' : '0'),
    normalise: integerIn(0, MAX_RANDOM_DELAY_SECONDS),
  },
];

function limitsKey(key: string, read: (l: NonNullable<DeviceSettings['smartChargingLimits']>) => string): ReadOnlyKey {
  return {
    key,
    readonly: true,
    read: (state) => (state.settings.smartChargingLimits ? read(state.settings.smartChargingLimits) : ''),
  };
}

const genericKeys: KeyDefinition[] = [
  featureProfiles(['Core', 'FirmwareManagement', 'RemoteTrigger']),
  ...commonKeys,
  limitsKey('ChargeProfileMaxStackLevel', (l) => String(l.chargeProfileMaxStackLevel)),
  limitsKey('ChargingScheduleAllowedChargingRateUnit', (l) => l.allowedChargingRateUnits.join(',')),
  limitsKey('ChargingScheduleMaxPeriods', (l) => String(l.chargingScheduleMaxPeriods)),
  { key: 'ConnectorSwitch3to1PhaseSupported', readonly: true, read: () => 'false' },
  limitsKey('MaxChargingProfilesInstalled', (l) => String(l.maxChargingProfilesInstalled)),
];

export function keyDefinitions(settings: DeviceSettings): KeyDefinition[] {
  return settings.model === 'zappi' ? zappiKeys : genericKeys;
}

export function findKey(settings: DeviceSettings, key: string): KeyDefinition | undefined {
  return keyDefinitions(settings).find((d) => d.key === key);
}

export function defaultConfiguration(settings: DeviceSettings): Record<string, string> {
  const values: Record<string, string> = {};
  for (const def of keyDefinitions(settings)) {
    if (!def.readonly) values[def.key] = def.defaultValue(settings);
  }
  return values;
}

export function readKey(state: DeviceState, def: KeyDefinition): string {
  return def.readonly ? def.read(state) : (state.configuration[def.key] ?? def.defaultValue(state.settings));
}

/** The configured RandomSmartChargeDelay maximum in seconds (0 when the key is absent or off). */
export function randomDelayMaxSeconds(state: DeviceState): number {
  const def = findKey(state.settings, 'RandomSmartChargeDelay');
  if (!def) return 0;
  const n = Number(readKey(state, def));
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_RANDOM_DELAY_SECONDS) : 0;
}

export function commercialModeOn(state: DeviceState): boolean {
  const key = state.settings.commercialModeKey;
  if (key === null) return true;
  return (state.configuration[key] ?? '').toLowerCase() === 'true';
}

/** Stored profiles govern charging only when smart charging is available and (zappi) commercial mode is on. */
export function profilesEnforced(state: DeviceState): boolean {
  return supportsSmartCharging(state.settings) && commercialModeOn(state);
}
