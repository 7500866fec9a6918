import type { DeviceState } from './device-state.js';
import type { BootNotificationRequest } from './ocpp-types.js';

/** What the charger reports at boot; firmwareVersion is what the platform's firmware gate reads. */
export function bootNotificationRequest(state: DeviceState): BootNotificationRequest {
  const { vendor, chargePointModel, firmwareVersion, serialNumber } = state.settings;
  const request: BootNotificationRequest = { chargePointVendor: vendor, chargePointModel, firmwareVersion };
  return serialNumber === null ? request : { ...request, chargePointSerialNumber: serialNumber };
}
