import { securityExtensionActions, type ChargePointAction, type JsonObject } from '@chargeplane/contracts-ocpp';
import {
  callErrorFrame,
  callResultFrame,
  protocolError,
  validateCall,
  type ProtocolError,
  type ValidCall,
} from '@chargeplane/ocpp-protocol';
import { answerChargerCall, type ChargerCallContext } from './answer-charger-call.js';
import type { ChargerServices } from './charger-services.js';

/** A CALL as it came off the wire (frame shape already checked by `parseFrame`). */
export interface InboundCall {
  readonly messageId: string;
  readonly action: string;
  readonly payload: JsonObject;
}

/** The frame to send back, and the fact to record when the call was answered with a CALLRESULT. */
export interface HandledCall {
  readonly frame: string;
  readonly fact?: { readonly action: ChargePointAction; readonly request: JsonObject; readonly response: JsonObject };
  /** The CALLERROR sent, if any. */
  readonly error?: ProtocolError;
  /** Why the answer is a fallback or an error, for the log. */
  readonly problem?: string;
}

/**
 * Validate, then dispatch (CitrineOS): the action and payload are checked against the OCPP 1.6 schemas first and a
 * failure becomes its CALLERROR; only a valid call reaches `answerChargerCall`. Anything unexpected is an
 * `InternalError`. Security Whitepaper actions are recognised but not offered (`NotSupported`).
 */
export async function handleChargerCall(
  call: InboundCall,
  context: ChargerCallContext,
  services: ChargerServices,
): Promise<HandledCall> {
  const valid = validateCall(call.action, call.payload, 'fromChargePoint', { notSupported: securityExtensionActions });
  if (!valid.ok) return errorAnswer(call.messageId, valid.error, `invalid ${call.action} CALL`);
  // validateCall with 'fromChargePoint' only lets charge point actions through.
  const chargePointCall = valid as ValidCall<ChargePointAction>;
  try {
    const answer = await answerChargerCall(chargePointCall, context, services);
    if (answer.kind === 'error') return errorAnswer(call.messageId, answer.error, answer.problem);
    return {
      frame: callResultFrame(call.messageId, chargePointCall.action, answer.response),
      fact: { action: chargePointCall.action, request: chargePointCall.payload, response: answer.response },
      ...(answer.problem === undefined ? {} : { problem: answer.problem }),
    };
  } catch (error) {
    const problem = `answering ${call.action} failed: ${error instanceof Error ? error.message : String(error)}`;
    return errorAnswer(call.messageId, protocolError('InternalError', 'the Central System failed to answer'), problem);
  }
}

/** The answer to a call whose fact could not be made durable: the charger retries it (OCPP 1.6 §4.10, OCPP-J §4.2.3). */
export function factNotRecorded(messageId: string): HandledCall {
  const error = protocolError(
    'InternalError',
    'the Central System cannot record this message now (JetStream unavailable, spool full); retry later',
  );
  return { frame: callErrorFrame(messageId, error), error, problem: 'fact refused: spool full' };
}

function errorAnswer(messageId: string, error: ProtocolError, problem: string): HandledCall {
  return { frame: callErrorFrame(messageId, error), error, problem };
}
