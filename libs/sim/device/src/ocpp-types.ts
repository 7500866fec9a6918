// OCPP 1.6 JSON shapes the device model reads and answers with. Plain types on purpose: payloads are
// schema-validated by the app before they reach the device, and the device must not share code with the
// platform's contracts (it is the oracle the platform is tested against).

export type ChargingProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export type ChargingProfileKind = 'Absolute' | 'Recurring' | 'Relative';
export type RecurrencyKind = 'Daily' | 'Weekly';
export type ChargingRateUnit = 'A' | 'W';

export interface ChargingSchedulePeriod {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

export interface ChargingSchedule {
  duration?: number;
  startSchedule?: string;
  chargingRateUnit: ChargingRateUnit;
  chargingSchedulePeriod: ChargingSchedulePeriod[];
  minChargingRate?: number;
}

export interface ChargingProfile {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: ChargingProfilePurpose;
  chargingProfileKind: ChargingProfileKind;
  recurrencyKind?: RecurrencyKind;
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule;
}

export interface SetChargingProfileRequest {
  connectorId: number;
  csChargingProfiles: ChargingProfile;
}
export interface SetChargingProfileResponse {
  status: 'Accepted' | 'Rejected' | 'NotSupported';
}

export interface ClearChargingProfileRequest {
  id?: number;
  connectorId?: number;
  chargingProfilePurpose?: ChargingProfilePurpose;
  stackLevel?: number;
}
export interface ClearChargingProfileResponse {
  status: 'Accepted' | 'Unknown';
}

export interface GetCompositeScheduleRequest {
  connectorId: number;
  duration: number;
  chargingRateUnit?: ChargingRateUnit;
}
export interface CompositeSchedule {
  duration: number;
  chargingRateUnit: ChargingRateUnit;
  chargingSchedulePeriod: ChargingSchedulePeriod[];
}
export interface GetCompositeScheduleResponse {
  status: 'Accepted' | 'Rejected';
  connectorId?: number;
  scheduleStart?: string;
  chargingSchedule?: CompositeSchedule;
}

export interface GetConfigurationRequest {
  key?: string[];
}
export interface ConfigurationKeyValue {
  key: string;
  readonly: boolean;
  value?: string;
}
export interface GetConfigurationResponse {
  configurationKey: ConfigurationKeyValue[];
  unknownKey: string[];
}

export interface ChangeConfigurationRequest {
  key: string;
  value: string;
}
export interface ChangeConfigurationResponse {
  status: 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';
}

export type ChargePointStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

export interface StatusNotificationRequest {
  connectorId: number;
  errorCode: 'NoError';
  status: ChargePointStatus;
  timestamp: string;
}

export interface StartTransactionRequest {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
}

// All 1.6 Reason values: the app stops transactions on Reset (SoftReset/HardReset) and UnlockConnector too.
export type StopReason =
  | 'EmergencyStop'
  | 'EVDisconnected'
  | 'HardReset'
  | 'Local'
  | 'Other'
  | 'PowerLoss'
  | 'Reboot'
  | 'Remote'
  | 'SoftReset'
  | 'UnlockCommand'
  | 'DeAuthorized';

export interface StopTransactionRequest {
  transactionId: number;
  idTag?: string;
  meterStop: number;
  timestamp: string;
  reason: StopReason;
}

export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export interface StartTransactionResponse {
  transactionId: number;
  idTagInfo: { status: AuthorizationStatus };
}

export interface BootNotificationRequest {
  chargePointVendor: string;
  chargePointModel: string;
  firmwareVersion: string;
  chargePointSerialNumber?: string;
}
