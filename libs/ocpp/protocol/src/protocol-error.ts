import type { CallErrorCode } from '@chargeplane/contracts-ocpp';

/** A problem to answer with a CALLERROR: an OCPP-J 1.6 code and a human-readable description. */
export interface ProtocolError {
  readonly code: CallErrorCode;
  readonly description: string;
}

// Descriptions can quote attacker-chosen property names; keep what goes back on the wire (and into logs) bounded.
const MAX_DESCRIPTION = 300;

/** Builds a ProtocolError, truncating over-long descriptions. */
export function protocolError(code: CallErrorCode, description: string): ProtocolError {
  return {
    code,
    description: description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description,
  };
}
