import type { CallHandled } from './call-result.js';
import { handleClearChargingProfile } from './clear-matching.js';
import { handleChangeConfiguration, handleGetConfiguration } from './configuration.js';
import type { CallContext, DeviceState } from './device-state.js';
import { handleGetCompositeSchedule } from './get-composite-schedule.js';
import type {
  ChangeConfigurationRequest,
  ChangeConfigurationResponse,
  ClearChargingProfileRequest,
  ClearChargingProfileResponse,
  GetCompositeScheduleRequest,
  GetCompositeScheduleResponse,
  GetConfigurationRequest,
  GetConfigurationResponse,
  SetChargingProfileRequest,
  SetChargingProfileResponse,
} from './ocpp-types.js';
import { handleSetChargingProfile } from './set-charging-profile.js';

/** The CS→charger calls the device model answers; the app answers any other action itself. */
export interface DeviceCalls {
  SetChargingProfile: { request: SetChargingProfileRequest; response: SetChargingProfileResponse };
  ClearChargingProfile: { request: ClearChargingProfileRequest; response: ClearChargingProfileResponse };
  GetCompositeSchedule: { request: GetCompositeScheduleRequest; response: GetCompositeScheduleResponse };
  GetConfiguration: { request: GetConfigurationRequest; response: GetConfigurationResponse };
  ChangeConfiguration: { request: ChangeConfigurationRequest; response: ChangeConfigurationResponse };
}

export type DeviceAction = keyof DeviceCalls;
export type RequestOf<A extends DeviceAction> = DeviceCalls[A]['request'];
export type ResponseOf<A extends DeviceAction> = DeviceCalls[A]['response'];

type Handlers = {
  [A in DeviceAction]: (state: DeviceState, payload: RequestOf<A>, ctx: CallContext) => CallHandled<ResponseOf<A>>;
};

const handlers: Handlers = {
  SetChargingProfile: handleSetChargingProfile,
  ClearChargingProfile: handleClearChargingProfile,
  GetCompositeSchedule: handleGetCompositeSchedule,
  GetConfiguration: (state, payload) => handleGetConfiguration(state, payload),
  ChangeConfiguration: handleChangeConfiguration,
};

export const DEVICE_ACTIONS = Object.keys(handlers) as DeviceAction[];

export function isDeviceAction(action: string): action is DeviceAction {
  return (DEVICE_ACTIONS as string[]).includes(action);
}

/** Answer one CS→charger call. Pure: the input state is never mutated. */
export function handleCall<A extends DeviceAction>(
  state: DeviceState,
  action: A,
  payload: RequestOf<A>,
  ctx: CallContext,
): CallHandled<ResponseOf<A>> {
  const handler: Handlers[A] = handlers[action];
  return handler(state, payload, ctx);
}
