import type { SimClock } from '../clock/sim-clock.js';
import { callErrorFrame, callResultFrame } from '../transport/ocpp-frames.js';
import type { CallLog } from './call-log.js';
import { isoUtc } from './connector-flows.js';
import { handleCsCall, type CsCallTarget } from './cs-call-handler.js';

/** Answers one CS CALL: the frame to send, the audit-log entry, and what must follow the answer. */
export function answerCsCall(
  target: CsCallTarget,
  log: CallLog,
  clock: SimClock,
  call: { messageId: string; action: string; payload: unknown },
): { frame: string; after?: () => void } {
  const now = clock.now();
  const outcome = handleCsCall(target, call.action, call.payload);
  const response = outcome.response;
  log.add({
    simTime: isoUtc(now),
    realTime: isoUtc(clock.wallNow()),
    action: call.action,
    payload: call.payload,
    answer: response.ok ? response.payload : { callError: response.code, description: response.description },
    memoryWrite: outcome.memoryWrite,
    reason: outcome.reason,
  });
  const frame = response.ok
    ? callResultFrame(call.messageId, response.payload)
    : callErrorFrame(call.messageId, response.code, response.description);
  return outcome.after ? { frame, after: outcome.after } : { frame };
}
