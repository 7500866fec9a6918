// Pure device logic of the charger simulator: a zappi-faithful and a generic OCPP 1.6J charge point.
// It shares no code with the platform's smart-charging libraries on purpose: it is their test oracle.

export type * from './ocpp-types.js';
export type * from './device-state.js';
export type { CallHandled, DeviceCallError, DeviceCallErrorCode } from './call-result.js';
export { isCallError } from './call-result.js';
export type { DeviceOptions } from './device-config.js';
export {
  createDevice,
  GENERIC_DEFAULT_LIMITS,
  ZAPPI_DEFAULT_FIRMWARE,
  ZAPPI_SLOT_LIMIT,
  ZAPPI_SMART_CHARGING_MIN_FIRMWARE,
  ZAPPI_WRITE_LIMIT,
} from './device-config.js';
export { compareFirmwareVersions, firmwareAtLeast, parseFirmwareVersion } from './firmware.js';
export {
  commercialModeOn,
  profilesEnforced,
  randomDelayMaxSeconds,
  supportsSmartCharging,
} from './configuration-keys.js';
export type { DeviceAction, DeviceCalls, RequestOf, ResponseOf } from './handle-call.js';
export { DEVICE_ACTIONS, handleCall, isDeviceAction } from './handle-call.js';
export { compositeLimitW } from './composite-schedule.js';
export { slotsUsed } from './profile-store.js';
export { canWrite, nextWriteAllowedAt, writesInWindow } from './write-limiter.js';
export type { CarAtPlugIn, DeviceStep, OutboundCall } from './connector.js';
export {
  DeviceStateError,
  effectiveLimitW,
  plugIn,
  setCarSuspended,
  startTransactionConfirmed,
  stopTransaction,
  tick,
  unplug,
} from './connector.js';
export { bootNotificationRequest } from './boot.js';
export { deviceStateSchema, restoreState, serialiseState } from './state-schema.js';
