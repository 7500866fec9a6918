import {
  MessageId,
  MessageTypeId,
  type CallErrorCode,
  type JsonObject,
  type OcppAction,
  type OcppRequest,
  type OcppResponse,
} from '@chargeplane/contracts-ocpp';

/** The error part of a CALLERROR; description defaults to `""` and details to `{}` as OCPP-J requires. */
export interface CallErrorContent {
  readonly code: CallErrorCode;
  readonly description?: string;
  readonly details?: JsonObject;
}

/** `[2, messageId, action, payload]` as JSON text. Validate outbound payloads with `validateCall` first. */
export function callFrame<A extends OcppAction>(messageId: string, action: A, payload: OcppRequest<A>): string {
  return encode([MessageTypeId.Call, checkedId(messageId), action, payload]);
}

/** `[3, messageId, payload]` as JSON text. */
export function callResultFrame<A extends OcppAction>(messageId: string, _action: A, payload: OcppResponse<A>): string {
  return encode([MessageTypeId.CallResult, checkedId(messageId), payload]);
}

/** `[4, messageId, errorCode, errorDescription, errorDetails]` as JSON text, e.g. `callErrorFrame(id, result.error)`. */
export function callErrorFrame(messageId: string, error: CallErrorContent): string {
  return encode([
    MessageTypeId.CallError,
    checkedId(messageId),
    error.code,
    error.description ?? '',
    error.details ?? {},
  ]);
}

// A frame with a bad id can never be answered correctly; that is a bug in the caller, so fail loudly.
function checkedId(messageId: string): string {
  if (!MessageId.safeParse(messageId).success) {
    throw new RangeError(`OCPP message id must be 1 to 36 characters, got ${JSON.stringify(messageId).slice(0, 60)}`);
  }
  return messageId;
}

// JSON.stringify keeps zeros (connectorId 0, stackLevel 0, limit 0.0), which some stacks drop (F5).
// Decimals are cut to 15 significant digits: that strips binary noise such as 16.700000000000003 (which zod's
// float-tolerant multipleOf(0.1) accepts) so strict chargers see 16.7; no OCPP 1.6 number needs more precision.
// The replacer runs only for a frame that holds a decimal: called for every key, it was most of the cost of writing
// a frame, and most frames (every integer limit, every id and status) have none.
function encode(frame: readonly unknown[]): string {
  return hasDecimal(frame) ? JSON.stringify(frame, roundDecimal) : JSON.stringify(frame);
}

function roundDecimal(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) && Number.isFinite(value)
    ? Number(value.toPrecision(15))
    : value;
}

function hasDecimal(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isInteger(value) && Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasDecimal);
  for (const key in value) if (hasDecimal((value as Record<string, unknown>)[key])) return true;
  return false;
}
