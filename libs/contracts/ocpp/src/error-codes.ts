import { z } from 'zod';

// OCPP-J 1.6 Table 7, spelled exactly as 1.6 spells them ("FormationViolation", "OccurenceConstraintViolation" with one
// "r"): the platform sends only these.
const callErrorCodeValues = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

/** A CALLERROR `errorCode` of OCPP-J 1.6 (Table 7), in the 1.6 spelling. */
export const CallErrorCode = z.enum(callErrorCodeValues);
export type CallErrorCode = z.infer<typeof CallErrorCode>;

/** The CALLERROR codes as constants, e.g. `CallErrorCodes.FormationViolation`. */
export const CallErrorCodes = CallErrorCode.enum;

// OCPP 2.0.1 renamed two codes and some 1.6 stacks emit the new names; inbound they mean the same thing (docs/domain/ocpp16.md §3.4).
const inboundAliases: Readonly<Record<string, CallErrorCode>> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
};

/**
 * Maps an inbound CALLERROR code to the 1.6 code it means: 1.6 codes unchanged, the 2.0.1 spellings `FormatViolation`
 * and `OccurrenceConstraintViolation` to their 1.6 forms, anything else (unknown, other versions, wrong case) to
 * `GenericError`.
 */
export function normaliseInboundErrorCode(code: string): CallErrorCode {
  const known = CallErrorCode.safeParse(code);
  if (known.success) return known.data;
  return Object.hasOwn(inboundAliases, code) ? (inboundAliases[code] ?? 'GenericError') : 'GenericError';
}
