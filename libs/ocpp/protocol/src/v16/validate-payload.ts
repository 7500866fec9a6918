import {
  isCentralSystemAction,
  isChargePointAction,
  v16,
  type OcppAction,
  type OcppRequest,
  type OcppResponse,
} from '@chargeplane/contracts-ocpp';
import { protocolError, type ProtocolError } from '../protocol-error.js';
import { callErrorFromIssues } from './call-error-from-issues.js';

/** Who sent the CALL: a charge point (to us), or the Central System (to a charge point). */
export type Direction = 'fromChargePoint' | 'toChargePoint';

/** A CALL whose payload matched its action's schema; narrow on `action` to get the payload type. */
export type ValidCall<A extends OcppAction = OcppAction> = {
  [K in A]: { readonly ok: true; readonly action: K; readonly payload: OcppRequest<K> };
}[A];

/** Outcome of `validateCall`. */
export type CallValidation<A extends OcppAction = OcppAction> =
  ValidCall<A> | { readonly ok: false; readonly error: ProtocolError };

/** Outcome of `validateResult`. */
export type ResultValidation<A extends OcppAction> =
  { readonly ok: true; readonly payload: OcppResponse<A> } | { readonly ok: false; readonly error: ProtocolError };

/** Options of `validateCall`. */
export interface ValidateCallOptions {
  /**
   * Action names this platform recognises but does not handle (e.g. `securityExtensionActions`, or a feature profile
   * it does not offer): they are answered `NotSupported` instead of `NotImplemented`.
   */
  readonly notSupported?: readonly string[];
}

/**
 * Checks an inbound or outbound CALL: the action must exist (case-sensitive) in the given direction — otherwise
 * `NotImplemented`, or `NotSupported` for a name in `options.notSupported` — and the payload must match the action's
 * OCPP 1.6 schema; schema failures are mapped to OCPP-J codes by `callErrorFromIssues`.
 */
export function validateCall<S extends string>(
  action: S,
  payload: unknown,
  direction: Direction,
  options: ValidateCallOptions = {},
): CallValidation<S extends OcppAction ? S : OcppAction> {
  type Out = CallValidation<S extends OcppAction ? S : OcppAction>;
  if (options.notSupported?.includes(action)) {
    return { ok: false, error: protocolError('NotSupported', `action ${action} is not supported`) };
  }
  const known = direction === 'fromChargePoint' ? isChargePointAction(action) : isCentralSystemAction(action);
  if (!known) {
    const sender = direction === 'fromChargePoint' ? 'a charge point' : 'the Central System';
    return { ok: false, error: protocolError('NotImplemented', `unknown action ${action} from ${sender}`) };
  }
  const result = v16[action as OcppAction].request.safeParse(payload);
  if (!result.success) return { ok: false, error: callErrorFromIssues(result.error.issues, payload) };
  return { ok: true, action, payload: result.data } as Out;
}

/** Checks a CALLRESULT payload against the response schema of the action of the CALL it answers. */
export function validateResult<A extends OcppAction>(action: A, payload: unknown): ResultValidation<A> {
  // The type already rules this out; the guard keeps an untyped caller from crashing on a missing registry entry.
  if (!Object.hasOwn(v16, action)) {
    return { ok: false, error: protocolError('NotImplemented', `unknown action ${String(action)}`) };
  }
  const result = v16[action].response.safeParse(payload);
  if (!result.success) return { ok: false, error: callErrorFromIssues(result.error.issues, payload) };
  return { ok: true, payload: result.data as OcppResponse<A> };
}
