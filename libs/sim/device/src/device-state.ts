import type { ChargePointStatus, ChargingProfile } from './ocpp-types.js';

export type DeviceModel = 'zappi' | 'generic-ocpp16';
export type Jurisdiction = 'GB';
export type RateUnitName = 'Current' | 'Power';

/** The standard OCPP 1.6 smart-charging limits a generic charger reports and enforces (Spec §3.13.5). */
export interface SmartChargingLimits {
  chargeProfileMaxStackLevel: number;
  chargingScheduleMaxPeriods: number;
  maxChargingProfilesInstalled: number;
  allowedChargingRateUnits: RateUnitName[];
}

export interface WriteLimit {
  maxWrites: number;
  windowSeconds: number;
}

/** What the device is: fixed for its lifetime (changed only by a firmware update or re-creation). */
export interface DeviceSettings {
  model: DeviceModel;
  vendor: string;
  chargePointModel: string;
  serialNumber: string | null;
  firmwareVersion: string;
  /** zappi: SmartCharging needs at least this firmware; null = always supported. */
  smartChargingMinFirmware: string | null;
  /** zappi: profiles are refused (and not applied) while this configuration key is not true; null = no gate. */
  commercialModeKey: string | null;
  jurisdiction: Jurisdiction | null;
  numberOfConnectors: number;
  /** Phases the hardware is wired for. */
  phases: 1 | 3;
  nominalVoltageV: number;
  /** Hardware maximum per phase, per connector. */
  maxCurrentA: number;
  supportsChargePointMaxProfile: boolean;
  /** zappi: one TxDefaultProfile only; a new one replaces the installed one whatever its id/stackLevel. */
  singleTxDefaultProfile: boolean;
  /** zappi: total periods over all stored profiles (84 slots); null = no shared pool. */
  slotLimit: number | null;
  /** zappi: memory writes within a rolling window; null = unlimited. */
  writeLimit: WriteLimit | null;
  /** generic: the standard smart-charging keys; null = not reported, not enforced. */
  smartChargingLimits: SmartChargingLimits | null;
}

export interface InstalledProfile {
  connectorId: number;
  profile: ChargingProfile;
  installedAt: number;
  /** Random delay drawn when installed (RandomSmartChargeDelay); shifts the schedule anchor. */
  randomDelaySeconds: number;
}

export interface CarState {
  maxPowerW: number;
  idTag: string;
  /** The car itself paused charging (SuspendedEV). */
  suspended: boolean;
}

export interface TransactionState {
  idTag: string;
  startedAt: number;
  meterStartWh: number;
  /** Set when the Central System answers StartTransaction; null while awaiting the answer. */
  transactionId: number | null;
}

export interface ConnectorState {
  connectorId: number;
  status: ChargePointStatus;
  car: CarState | null;
  transaction: TransactionState | null;
  meterWh: number;
  meterAt: number;
}

export interface DeviceState {
  schemaVersion: 1;
  settings: DeviceSettings;
  /** Stored values of read-write configuration keys (read-only keys are derived from settings). */
  configuration: Record<string, string>;
  profiles: InstalledProfile[];
  connectors: ConnectorState[];
  /** Epoch ms of each counted memory write still inside the window. */
  writeLog: number[];
}

export interface CallContext {
  now: number;
  /** Uniform in [0, 1). */
  random: () => number;
}
