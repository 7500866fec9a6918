import {
  isCentralSystemAction,
  v16,
  type CallErrorCode,
  type CentralSystemAction,
  type ChargePointAction,
  type OcppAction,
  type OcppRequest,
  type OcppResponse,
} from '@chargeplane/contracts-ocpp';
import type { z } from 'zod';

// Every payload that crosses the socket is parsed with the generated OCPP 1.6 zod schemas: the CS's CALLs
// and CALLRESULTs on the way in, and the charger's own answers on the way out (a device-model bug then
// shows up as an InternalError, never as a schema-invalid frame on the wire).

/** A CS→charger CALL whose payload matched its schema; narrow on `action`. */
export type ValidCsCall = {
  [A in CentralSystemAction]: { action: A; payload: OcppRequest<A> };
}[CentralSystemAction];

export type Validation<T> = { ok: true; value: T } | { ok: false; code: CallErrorCode; description: string };

type Issue = z.core.$ZodIssue;

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.') || 'payload';
}

function parentOf(input: unknown, path: readonly PropertyKey[]): unknown {
  let parent: unknown = input;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return undefined;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  return parent;
}

// JSON has no undefined: a key absent from its object is the only way zod sees one.
function isAbsent(input: unknown, path: readonly PropertyKey[]): boolean {
  const parent = parentOf(input, path);
  const last = path.at(-1);
  return last !== undefined && typeof parent === 'object' && parent !== null && !Object.hasOwn(parent, last);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  const parent = parentOf(input, path);
  const last = path.at(-1);
  return last === undefined ? input : (parent as Record<PropertyKey, unknown> | undefined)?.[last];
}

/** OCPP-J 1.6 Table 7 code for the first issue: missing → Occurence, wrong type → Type, bad value → Property. */
export function errorCodeFor(issue: Issue, input: unknown): CallErrorCode {
  if (issue.code === 'unrecognized_keys') return 'FormationViolation';
  if (isAbsent(input, issue.path)) return 'OccurenceConstraintViolation';
  if (issue.code === 'invalid_type') return issue.path.length === 0 ? 'FormationViolation' : 'TypeConstraintViolation';
  // An enum field given a number (not merely a string outside the set) is a type error, not a bad value.
  if (issue.code === 'invalid_value' && typeof valueAt(input, issue.path) !== typeof issue.values[0]) {
    return 'TypeConstraintViolation';
  }
  if (['invalid_value', 'invalid_format', 'too_big', 'too_small', 'not_multiple_of'].includes(issue.code)) {
    return 'PropertyConstraintViolation';
  }
  return 'FormationViolation';
}

function check<T>(schema: z.ZodType, payload: unknown): Validation<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as T };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, code: 'FormationViolation', description: 'payload is invalid' };
  return {
    ok: false,
    code: errorCodeFor(issue, payload),
    description: `${fieldName(issue.path)}: ${issue.message}`,
  };
}

export function validateCsCall(action: string, payload: unknown): Validation<ValidCsCall> {
  if (!isCentralSystemAction(action)) {
    return { ok: false, code: 'NotImplemented', description: `unknown action ${action}` };
  }
  const checked = check<OcppRequest<typeof action>>(v16[action].request, payload);
  return checked.ok ? { ok: true, value: { action, payload: checked.value } as ValidCsCall } : checked;
}

/** The CS's CALLRESULT to one of the charger's CALLs. */
export function validateCsResult<A extends ChargePointAction>(
  action: A,
  payload: unknown,
): Validation<OcppResponse<A>> {
  return check<OcppResponse<A>>(v16[action].response, payload);
}

/** The charger's own answer, before it is sent. */
export function validateOwnResponse(action: OcppAction, payload: unknown): Validation<object> {
  return check<object>(v16[action].response, payload);
}

/** The charger's own CALL, before it is sent. */
export function validateOwnRequest(action: ChargePointAction, payload: unknown): Validation<object> {
  return check<object>(v16[action].request, payload);
}
