import type { DeviceState } from './device-state.js';

export type DeviceCallErrorCode = 'PropertyConstraintViolation' | 'NotSupported' | 'GenericError';

/** The device answers with a CALLERROR instead of a CALLRESULT. */
export interface DeviceCallError {
  callError: DeviceCallErrorCode;
  description: string;
}

/** What a handled CS→charger call produced. `memoryWrite` = the call changed stored memory (and was counted). */
export interface CallHandled<R> {
  state: DeviceState;
  response: R | DeviceCallError;
  memoryWrite: boolean;
  reason?: string;
}

export function isCallError(response: object): response is DeviceCallError {
  return 'callError' in response;
}

export function answer<R>(state: DeviceState, response: R, reason?: string): CallHandled<R> {
  return reason === undefined
    ? { state, response, memoryWrite: false }
    : { state, response, memoryWrite: false, reason };
}

export function written<R>(state: DeviceState, response: R): CallHandled<R> {
  return { state, response, memoryWrite: true };
}

export function callError<R>(
  state: DeviceState,
  code: DeviceCallErrorCode,
  description: string,
  reason?: string,
): CallHandled<R> {
  return {
    state,
    response: { callError: code, description },
    memoryWrite: false,
    reason: reason ?? `${code}: ${description}`,
  };
}

/** ISO 8601 UTC, whole seconds when the instant has no milliseconds (`2025-01-06T12:00:00Z`). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
