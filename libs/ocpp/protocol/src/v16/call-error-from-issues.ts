import type { CallErrorCode } from '@chargeplane/contracts-ocpp';
import type { z } from 'zod';
import { protocolError, type ProtocolError } from '../protocol-error.js';

type Issue = z.core.$ZodIssue;

// When a payload has several problems, report the most structural one: a wrong value is often a consequence of a
// wrong shape, and the charger's developer needs the shape problem first.
const severity: readonly CallErrorCode[] = [
  'FormationViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'PropertyConstraintViolation',
];

/**
 * Maps zod issues of an OCPP payload to one OCPP-J 1.6 CALLERROR (Table 7):
 * - required field missing → OccurenceConstraintViolation
 * - wrong JSON type (string for integer, 1.5 for an integer, null) → TypeConstraintViolation
 * - value outside enum, maxLength, date-time/URI format, multipleOf, safe-integer range → PropertyConstraintViolation
 * - unknown property → FormationViolation: the 1.6 schemas set `additionalProperties: false`, so an undeclared field
 *   breaks the PDU structure ("not conform the PDU structure for Action"); it is not a bad value of a declared field
 *   (Property), a wrong type (Type) or a cardinality breach of a declared field (Occurence).
 * - the payload itself not an object, or anything unforeseen → FormationViolation.
 * `input` is the validated payload, used to tell "missing" from "present with the wrong type".
 */
export function callErrorFromIssues(issues: readonly Issue[], input: unknown): ProtocolError {
  const classified = issues.map((issue) => ({ issue, code: classify(issue, input) }));
  const first = classified.sort((a, b) => severity.indexOf(a.code) - severity.indexOf(b.code))[0];
  if (first === undefined) return protocolError('FormationViolation', 'payload is invalid');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return protocolError(first.code, `${describe(first.issue, first.code)}${more}`);
}

function classify(issue: Issue, input: unknown): CallErrorCode {
  // zod reports an absent field by what it expected there (invalid_type, or invalid_value for an enum), so absence is
  // decided from the input itself.
  if (issue.code !== 'unrecognized_keys' && isMissing(input, issue.path)) return 'OccurenceConstraintViolation';
  switch (issue.code) {
    case 'invalid_type':
      return issue.path.length === 0 ? 'FormationViolation' : 'TypeConstraintViolation';
    case 'unrecognized_keys':
      return 'FormationViolation';
    case 'invalid_value':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'too_big':
    case 'too_small':
    case 'custom':
      return 'PropertyConstraintViolation';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'FormationViolation';
    default:
      return exhaustive(issue);
  }
}

function describe(issue: Issue, code: CallErrorCode): string {
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => fieldPath([...issue.path, key]));
    return `unknown propert${names.length > 1 ? 'ies' : 'y'} ${names.join(', ')}`;
  }
  if (issue.path.length === 0) return `payload: ${issue.message}`;
  if (code === 'OccurenceConstraintViolation') return `${fieldPath(issue.path)}: required property missing`;
  return `${fieldPath(issue.path)}: ${issue.message}`;
}

/** `csChargingProfiles.chargingSchedule.chargingSchedulePeriod[1].limit` */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

// JSON has no `undefined`, so a key absent from its parent object is the only way zod sees `undefined` there.
function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
  let parent: unknown = input;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (last === undefined) return false;
  return typeof parent === 'object' && parent !== null && !Object.hasOwn(parent, last);
}

function exhaustive(issue: never): CallErrorCode {
  void issue;
  return 'FormationViolation';
}
