import type { z } from 'zod';
import * as g from './generated/v16/index.js';

/** Actions a charge point sends to the Central System (OCPP 1.6 §4). */
export const chargePointActions = [
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
] as const;
export type ChargePointAction = (typeof chargePointActions)[number];

/** Actions the Central System sends to a charge point (OCPP 1.6 §5). DataTransfer goes both ways. */
export const centralSystemActions = [
  'CancelReservation',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'DataTransfer',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetLocalListVersion',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
] as const;
export type CentralSystemAction = (typeof centralSystemActions)[number];

/** Any of the 28 standard OCPP 1.6 actions. */
export type OcppAction = ChargePointAction | CentralSystemAction;

/**
 * Security Whitepaper extension messages. They exist in OCPP 1.6 deployments but have no contracts here; pass them as
 * "not supported" so a charger sending one gets `NotSupported` rather than `NotImplemented`.
 */
export const securityExtensionActions = [
  'CertificateSigned',
  'DeleteCertificate',
  'ExtendedTriggerMessage',
  'GetInstalledCertificateIds',
  'GetLog',
  'InstallCertificate',
  'LogStatusNotification',
  'SecurityEventNotification',
  'SignCertificate',
  'SignedFirmwareStatusNotification',
  'SignedUpdateFirmware',
] as const;

type ActionSchemas = { readonly request: z.ZodType; readonly response: z.ZodType };

/** OCPP 1.6 registry: action → zod schemas of its request (CALL payload) and response (CALLRESULT payload). */
export const v16 = {
  Authorize: { request: g.AuthorizeRequest, response: g.AuthorizeResponse },
  BootNotification: { request: g.BootNotificationRequest, response: g.BootNotificationResponse },
  CancelReservation: { request: g.CancelReservationRequest, response: g.CancelReservationResponse },
  ChangeAvailability: { request: g.ChangeAvailabilityRequest, response: g.ChangeAvailabilityResponse },
  ChangeConfiguration: { request: g.ChangeConfigurationRequest, response: g.ChangeConfigurationResponse },
  ClearCache: { request: g.ClearCacheRequest, response: g.ClearCacheResponse },
  ClearChargingProfile: { request: g.ClearChargingProfileRequest, response: g.ClearChargingProfileResponse },
  DataTransfer: { request: g.DataTransferRequest, response: g.DataTransferResponse },
  DiagnosticsStatusNotification: {
    request: g.DiagnosticsStatusNotificationRequest,
    response: g.DiagnosticsStatusNotificationResponse,
  },
  FirmwareStatusNotification: {
    request: g.FirmwareStatusNotificationRequest,
    response: g.FirmwareStatusNotificationResponse,
  },
  GetCompositeSchedule: { request: g.GetCompositeScheduleRequest, response: g.GetCompositeScheduleResponse },
  GetConfiguration: { request: g.GetConfigurationRequest, response: g.GetConfigurationResponse },
  GetDiagnostics: { request: g.GetDiagnosticsRequest, response: g.GetDiagnosticsResponse },
  GetLocalListVersion: { request: g.GetLocalListVersionRequest, response: g.GetLocalListVersionResponse },
  Heartbeat: { request: g.HeartbeatRequest, response: g.HeartbeatResponse },
  MeterValues: { request: g.MeterValuesRequest, response: g.MeterValuesResponse },
  RemoteStartTransaction: { request: g.RemoteStartTransactionRequest, response: g.RemoteStartTransactionResponse },
  RemoteStopTransaction: { request: g.RemoteStopTransactionRequest, response: g.RemoteStopTransactionResponse },
  ReserveNow: { request: g.ReserveNowRequest, response: g.ReserveNowResponse },
  Reset: { request: g.ResetRequest, response: g.ResetResponse },
  SendLocalList: { request: g.SendLocalListRequest, response: g.SendLocalListResponse },
  SetChargingProfile: { request: g.SetChargingProfileRequest, response: g.SetChargingProfileResponse },
  StartTransaction: { request: g.StartTransactionRequest, response: g.StartTransactionResponse },
  StatusNotification: { request: g.StatusNotificationRequest, response: g.StatusNotificationResponse },
  StopTransaction: { request: g.StopTransactionRequest, response: g.StopTransactionResponse },
  TriggerMessage: { request: g.TriggerMessageRequest, response: g.TriggerMessageResponse },
  UnlockConnector: { request: g.UnlockConnectorRequest, response: g.UnlockConnectorResponse },
  UpdateFirmware: { request: g.UpdateFirmwareRequest, response: g.UpdateFirmwareResponse },
} as const satisfies Record<OcppAction, ActionSchemas>;

/** Payload type of an action's CALL, e.g. `OcppRequest<'SetChargingProfile'>`. */
export type OcppRequest<A extends OcppAction> = z.infer<(typeof v16)[A]['request']>;

/** Payload type of an action's CALLRESULT, e.g. `OcppResponse<'SetChargingProfile'>`. */
export type OcppResponse<A extends OcppAction> = z.infer<(typeof v16)[A]['response']>;

const chargePointSet: ReadonlySet<string> = new Set(chargePointActions);
const centralSystemSet: ReadonlySet<string> = new Set(centralSystemActions);

/** True for an exact (case-sensitive) OCPP 1.6 action name. */
export function isOcppAction(action: string): action is OcppAction {
  return chargePointSet.has(action) || centralSystemSet.has(action);
}

/** True for an action a charge point may send. */
export function isChargePointAction(action: string): action is ChargePointAction {
  return chargePointSet.has(action);
}

/** True for an action the Central System may send. */
export function isCentralSystemAction(action: string): action is CentralSystemAction {
  return centralSystemSet.has(action);
}
