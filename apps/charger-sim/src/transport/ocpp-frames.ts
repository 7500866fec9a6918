import {
  CallErrorFrame,
  CallFrame,
  CallResultFrame,
  MessageId,
  MessageTypeId,
  type CallErrorCode,
  type JsonObject,
} from '@chargeplane/contracts-ocpp';

// The charger's own OCPP-J framing (a device is an independent implementation: it does not share the
// platform's protocol library). Frames are parsed with the shared zod frame schemas and built from the same
// typed tuples, so a frame never leaves the simulator in a shape those schemas would refuse.

export type InboundFrame =
  | { kind: 'call'; messageId: string; action: string; payload: JsonObject }
  | { kind: 'callResult'; messageId: string; payload: JsonObject }
  | { kind: 'callError'; messageId: string; errorCode: string; errorDescription: string }
  /** `messageId` is set when the broken frame was a CALL whose id can be echoed in a CALLERROR. */
  | { kind: 'invalid'; reason: string; callMessageId?: string };

export function parseInboundFrame(text: string): InboundFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'frame is not valid JSON' };
  }
  if (!Array.isArray(json)) return { kind: 'invalid', reason: 'frame is not a JSON array' };
  switch (json[0]) {
    case MessageTypeId.Call: {
      const frame = CallFrame.safeParse(json);
      if (frame.success) {
        const [, messageId, action, payload] = frame.data;
        return { kind: 'call', messageId, action, payload };
      }
      const id = MessageId.safeParse(json[1]);
      return id.success
        ? { kind: 'invalid', reason: 'malformed CALL', callMessageId: id.data }
        : { kind: 'invalid', reason: 'malformed CALL' };
    }
    case MessageTypeId.CallResult: {
      const frame = CallResultFrame.safeParse(json);
      if (!frame.success) return { kind: 'invalid', reason: 'malformed CALLRESULT' };
      const [, messageId, payload] = frame.data;
      return { kind: 'callResult', messageId, payload };
    }
    case MessageTypeId.CallError: {
      const frame = CallErrorFrame.safeParse(json);
      if (!frame.success) return { kind: 'invalid', reason: 'malformed CALLERROR' };
      const [, messageId, errorCode, errorDescription] = frame.data;
      return { kind: 'callError', messageId, errorCode, errorDescription };
    }
    default:
      return { kind: 'invalid', reason: `unknown message type ${JSON.stringify(json[0])}` };
  }
}

export function callFrame(messageId: string, action: string, payload: object): string {
  const frame: [2, string, string, object] = [MessageTypeId.Call, messageId, action, payload];
  return JSON.stringify(frame);
}

export function callResultFrame(messageId: string, payload: object): string {
  const frame: [3, string, object] = [MessageTypeId.CallResult, messageId, payload];
  return JSON.stringify(frame);
}

// OCPP-J limits errorDescription to 255 characters in practice; a long zod message is cut, not dropped.
const MAX_DESCRIPTION = 255;

export function callErrorFrame(messageId: string, code: CallErrorCode, description: string): string {
  const frame: [4, string, CallErrorCode, string, object] = [
    MessageTypeId.CallError,
    messageId,
    code,
    description.slice(0, MAX_DESCRIPTION),
    {},
  ];
  return JSON.stringify(frame);
}
