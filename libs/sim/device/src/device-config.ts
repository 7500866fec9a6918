import { defaultConfiguration, findKey } from './configuration-keys.js';
import type {
  ConnectorState,
  DeviceModel,
  DeviceSettings,
  DeviceState,
  Jurisdiction,
  SmartChargingLimits,
  WriteLimit,
} from './device-state.js';

export interface DeviceOptions {
  model?: DeviceModel;
  firmwareVersion?: string;
  serialNumber?: string | null;
  jurisdiction?: Jurisdiction | null;
  /** zappi: initial CommercialMode (default true). */
  commercialMode?: boolean;
  numberOfConnectors?: number;
  phases?: 1 | 3;
  nominalVoltageV?: number;
  maxCurrentA?: number;
  /** zappi default { maxWrites: 24, windowSeconds: 3600 }; generic default null (no limiter). */
  writeLimit?: WriteLimit | null;
  /** zappi default 84. */
  slotLimit?: number | null;
  /** generic: overrides of the standard smart-charging limits. */
  smartChargingLimits?: Partial<SmartChargingLimits>;
  /** Initial values of read-write configuration keys (canonicalised; unknown or invalid entries throw). */
  configuration?: Record<string, string>;
}

export const ZAPPI_DEFAULT_FIRMWARE = '5.5.1';
export const ZAPPI_SMART_CHARGING_MIN_FIRMWARE = '5.5';
export const ZAPPI_SLOT_LIMIT = 84;
export const ZAPPI_WRITE_LIMIT: WriteLimit = { maxWrites: 24, windowSeconds: 3600 };
export const GENERIC_DEFAULT_LIMITS: SmartChargingLimits = {
  chargeProfileMaxStackLevel: 8,
  chargingScheduleMaxPeriods: 24,
  maxChargingProfilesInstalled: 16,
  allowedChargingRateUnits: ['Current', 'Power'],
};

function zappiSettings(o: DeviceOptions): DeviceSettings {
  return {
    model: 'zappi',
    vendor: 'myenergi',
    chargePointModel: 'zappi',
    serialNumber: o.serialNumber ?? null,
    firmwareVersion: o.firmwareVersion ?? ZAPPI_DEFAULT_FIRMWARE,
    smartChargingMinFirmware: ZAPPI_SMART_CHARGING_MIN_FIRMWARE,
    commercialModeKey: 'CommercialMode',
    jurisdiction: o.jurisdiction ?? null,
    numberOfConnectors: o.numberOfConnectors ?? 1,
    phases: o.phases ?? 1,
    nominalVoltageV: o.nominalVoltageV ?? 230,
    maxCurrentA: o.maxCurrentA ?? 32,
    supportsChargePointMaxProfile: false,
    singleTxDefaultProfile: true,
    slotLimit: o.slotLimit === undefined ? ZAPPI_SLOT_LIMIT : o.slotLimit,
    writeLimit: o.writeLimit === undefined ? ZAPPI_WRITE_LIMIT : o.writeLimit,
    smartChargingLimits: null,
  };
}

function genericSettings(o: DeviceOptions): DeviceSettings {
  return {
    model: 'generic-ocpp16',
    vendor: 'Chargeplane',
    chargePointModel: 'Generic OCPP 1.6',
    serialNumber: o.serialNumber ?? null,
    firmwareVersion: o.firmwareVersion ?? '1.0.0',
    smartChargingMinFirmware: null,
    commercialModeKey: null,
    jurisdiction: o.jurisdiction ?? null,
    numberOfConnectors: o.numberOfConnectors ?? 2,
    phases: o.phases ?? 3,
    nominalVoltageV: o.nominalVoltageV ?? 230,
    maxCurrentA: o.maxCurrentA ?? 32,
    supportsChargePointMaxProfile: true,
    singleTxDefaultProfile: false,
    slotLimit: o.slotLimit ?? null,
    writeLimit: o.writeLimit ?? null,
    smartChargingLimits: { ...GENERIC_DEFAULT_LIMITS, ...o.smartChargingLimits },
  };
}

function initialConfiguration(settings: DeviceSettings, o: DeviceOptions): Record<string, string> {
  const configuration = defaultConfiguration(settings);
  if (settings.commercialModeKey !== null && o.commercialMode !== undefined) {
    configuration[settings.commercialModeKey] = o.commercialMode ? 'True' : 'False';
  }
  for (const [key, value] of Object.entries(o.configuration ?? {})) {
    const def = findKey(settings, key);
    const canonical = def && !def.readonly ? def.normalise(value) : null;
    if (canonical === null) throw new Error(`sim-device: cannot preset configuration ${key}=${JSON.stringify(value)}`);
    configuration[key] = canonical;
  }
  return configuration;
}

function initialConnector(connectorId: number, now: number): ConnectorState {
  return { connectorId, status: 'Available', car: null, transaction: null, meterWh: 0, meterAt: now };
}

/** A new device, as it comes out of the box (no profiles, no writes, every connector Available). */
export function createDevice(options: DeviceOptions = {}, now = 0): DeviceState {
  const settings = (options.model ?? 'zappi') === 'zappi' ? zappiSettings(options) : genericSettings(options);
  if (!Number.isInteger(settings.numberOfConnectors) || settings.numberOfConnectors < 1) {
    throw new Error('sim-device: numberOfConnectors must be a positive integer');
  }
  return {
    schemaVersion: 1,
    settings,
    configuration: initialConfiguration(settings, options),
    profiles: [],
    connectors: Array.from({ length: settings.numberOfConnectors }, (_, i) => initialConnector(i + 1, now)),
    writeLog: [],
  };
}
