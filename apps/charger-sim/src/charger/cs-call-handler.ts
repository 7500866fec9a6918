import type { CallErrorCode, OcppRequest } from '@chargeplane/contracts-ocpp';
import {
  handleCall,
  isCallError,
  type CallContext,
  type CallHandled,
  type DeviceState,
  type DeviceStep,
  type StopReason,
} from '@chargeplane/sim-device';
import { validateCsCall, validateOwnResponse, type ValidCsCall } from '../transport/payload-validation.js';
import { remoteStart, remoteStop, unlockConnector } from './connector-flows.js';

// A CS→charger CALL: validate the payload against its schema (CALLERROR when invalid), then the device
// model answers its smart-charging/configuration calls and this file the core calls the app owns. Work that
// must follow the answer on the wire (a Reset, a triggered message) is returned as `after`.

export type TriggerableMessage = 'BootNotification' | 'Heartbeat' | 'StatusNotification' | 'MeterValues';

/** What the handler may read and change on the charger. */
export interface CsCallTarget {
  readonly state: DeviceState;
  context(): CallContext;
  /** Replace the device state; `persist` when stored memory or a transaction changed. */
  commit(next: DeviceState, persist: boolean): void;
  /** Apply a connector step: state + the OCPP calls it produced. */
  applyStep(step: DeviceStep): void;
  /** Run the device tick (status follows the limits) and send what it produced. */
  tick(): void;
  configurationChanged(key: string): void;
  reboot(reason: StopReason): void;
  trigger(message: TriggerableMessage, connectorId: number | undefined): void;
}

export interface CsCallOutcome {
  response: { ok: true; payload: object } | { ok: false; code: CallErrorCode; description: string };
  memoryWrite: boolean;
  reason: string | null;
  after?: () => void;
}

const ok = (payload: object, reason: string | null = null, after?: () => void): CsCallOutcome => ({
  response: { ok: true, payload },
  memoryWrite: false,
  reason,
  ...(after ? { after } : {}),
});

const error = (code: CallErrorCode, description: string): CsCallOutcome => ({
  response: { ok: false, code, description },
  memoryWrite: false,
  reason: `${code}: ${description}`,
});

function fromDevice<R extends object>(
  target: CsCallTarget,
  handled: CallHandled<R>,
  after?: () => void,
): CsCallOutcome {
  const changed = handled.state !== target.state;
  target.commit(handled.state, handled.memoryWrite || changed);
  const reason = handled.reason ?? null;
  if (isCallError(handled.response)) {
    return { ...error(handled.response.callError, handled.response.description), memoryWrite: handled.memoryWrite };
  }
  return { ...ok(handled.response, reason, () => (after?.(), target.tick())), memoryWrite: handled.memoryWrite };
}

function supportsRemoteTrigger(state: DeviceState, ctx: CallContext): boolean {
  const read = handleCall(state, 'GetConfiguration', { key: ['SupportedFeatureProfiles'] }, ctx).response;
  if (isCallError(read)) return false;
  return (read.configurationKey[0]?.value ?? '').split(',').includes('RemoteTrigger');
}

function handleTrigger(target: CsCallTarget, request: OcppRequest<'TriggerMessage'>, ctx: CallContext): CsCallOutcome {
  // zappi does not offer the RemoteTrigger feature profile (domain reference Z13; its SupportedFeatureProfiles
  // says so): answer as a charger that recognises the action but does not support it.
  if (!supportsRemoteTrigger(target.state, ctx)) return error('NotSupported', 'RemoteTrigger is not supported');
  const { requestedMessage: message, connectorId } = request;
  if (
    connectorId !== undefined &&
    connectorId !== 0 &&
    !target.state.connectors.some((c) => c.connectorId === connectorId)
  ) {
    return ok({ status: 'Rejected' }, `unknown connector ${connectorId}`);
  }
  if (message === 'DiagnosticsStatusNotification' || message === 'FirmwareStatusNotification') {
    return ok({ status: 'NotImplemented' }, `${message} is not simulated`);
  }
  const only = connectorId === 0 ? undefined : connectorId;
  return ok({ status: 'Accepted' }, null, () => target.trigger(message, only));
}

function dispatch(target: CsCallTarget, call: ValidCsCall): CsCallOutcome {
  const ctx = target.context();
  const state = target.state;
  switch (call.action) {
    case 'SetChargingProfile':
      return fromDevice(target, handleCall(state, call.action, call.payload, ctx));
    case 'ClearChargingProfile':
      return fromDevice(target, handleCall(state, call.action, call.payload, ctx));
    case 'GetCompositeSchedule':
      return fromDevice(target, handleCall(state, call.action, call.payload, ctx));
    case 'GetConfiguration':
      return fromDevice(target, handleCall(state, call.action, call.payload, ctx));
    case 'ChangeConfiguration': {
      const key = call.payload.key;
      return fromDevice(target, handleCall(state, call.action, call.payload, ctx), () =>
        target.configurationChanged(key),
      );
    }
    case 'RemoteStartTransaction': {
      const started = remoteStart(state, call.payload.connectorId, call.payload.idTag, ctx.now);
      if ('rejected' in started) return ok({ status: 'Rejected' }, started.rejected);
      const note = call.payload.chargingProfile ? 'chargingProfile of RemoteStartTransaction ignored' : null;
      return ok({ status: 'Accepted' }, note, () => target.applyStep(started.step));
    }
    case 'RemoteStopTransaction': {
      const step = remoteStop(state, call.payload.transactionId, ctx.now);
      if (!step) return ok({ status: 'Rejected' }, `no transaction ${call.payload.transactionId}`);
      return ok({ status: 'Accepted' }, null, () => target.applyStep(step));
    }
    case 'UnlockConnector': {
      const step = unlockConnector(state, call.payload.connectorId, ctx.now);
      if (!step) return ok({ status: 'NotSupported' }, `connector ${call.payload.connectorId} does not exist`);
      return ok({ status: 'Unlocked' }, null, () => target.applyStep(step));
    }
    case 'Reset': {
      const reason: StopReason = call.payload.type === 'Hard' ? 'HardReset' : 'SoftReset';
      return ok({ status: 'Accepted' }, null, () => target.reboot(reason));
    }
    case 'TriggerMessage':
      return handleTrigger(target, call.payload, ctx);
    default:
      return error('NotImplemented', `${call.action} is not implemented by the simulator`);
  }
}

export function handleCsCall(target: CsCallTarget, action: string, payload: unknown): CsCallOutcome {
  const valid = validateCsCall(action, payload);
  if (!valid.ok) return error(valid.code, valid.description);
  const outcome = dispatch(target, valid.value);
  if (!outcome.response.ok) return outcome;
  const own = validateOwnResponse(valid.value.action, outcome.response.payload);
  if (own.ok) return outcome;
  // A device-model answer that breaks the schema is a simulator bug: say so rather than send it.
  return {
    ...error('InternalError', `answer failed validation: ${own.description}`),
    memoryWrite: outcome.memoryWrite,
  };
}
