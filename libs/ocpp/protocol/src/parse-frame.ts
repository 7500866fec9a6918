import {
  CallErrorFrame,
  CallFrame,
  CallResultFrame,
  MessageId,
  MessageTypeId,
  normaliseInboundErrorCode,
  type CallErrorCode,
  type JsonObject,
} from '@chargeplane/contracts-ocpp';
import type { z } from 'zod';
import { protocolError, type ProtocolError } from './protocol-error.js';

/** What one inbound text frame turned out to be. `parseFrame` never throws. */
export type ParsedFrame =
  | { readonly kind: 'call'; readonly messageId: string; readonly action: string; readonly payload: JsonObject }
  | { readonly kind: 'callResult'; readonly messageId: string; readonly payload: JsonObject }
  | {
      readonly kind: 'callError';
      readonly messageId: string;
      /** Normalised to the 1.6 spelling; unknown codes become `GenericError`. */
      readonly errorCode: CallErrorCode;
      /** The code exactly as received, for logs (e.g. to spot stacks that send 2.0.1 spellings). */
      readonly receivedErrorCode: string;
      readonly errorDescription: string;
      readonly errorDetails: JsonObject;
    }
  | {
      readonly kind: 'invalid';
      /** Present when the frame's second element is a usable message id, so a CALLERROR can echo it. */
      readonly messageId?: string;
      /** The frame's type number when it was 2, 3 or 4; only an invalid CALL (2) may be answered with a CALLERROR. */
      readonly messageTypeId?: MessageTypeId;
      readonly error: ProtocolError;
    }
  /** A well-formed array with an unknown message type number: OCPP-J says ignore it. */
  | { readonly kind: 'ignored'; readonly messageTypeId: number }
  /** Longer than `maxBytes` UTF-8 bytes; not parsed at all. */
  | { readonly kind: 'oversized'; readonly maxBytes: number };

/** Options of `parseFrame`. */
export interface ParseFrameOptions {
  /** Largest accepted frame, in UTF-8 bytes. */
  readonly maxBytes: number;
}

type ParsedKind = 'call' | 'callResult' | 'callError';
const elementNames: Record<ParsedKind, readonly string[]> = {
  call: ['messageTypeId', 'messageId', 'action', 'payload'],
  callResult: ['messageTypeId', 'messageId', 'payload'],
  callError: ['messageTypeId', 'messageId', 'errorCode', 'errorDescription', 'errorDetails'],
};
const frameNames: Record<ParsedKind, string> = { call: 'CALL', callResult: 'CALLRESULT', callError: 'CALLERROR' };

/** Parses one OCPP-J text frame: size, JSON, array shape, message type, then the frame tuple of that type. */
export function parseFrame(text: string, opts: ParseFrameOptions): ParsedFrame {
  if (exceedsUtf8Bytes(text, opts.maxBytes)) return { kind: 'oversized', maxBytes: opts.maxBytes };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid('frame is not valid JSON');
  }
  if (!Array.isArray(json)) return invalid('frame is not a JSON array');
  const [typeId, second] = json as unknown[];
  const id = MessageId.safeParse(second);
  const messageId = id.success ? id.data : undefined;
  if (typeof typeId !== 'number') return invalid('first element (messageTypeId) must be a number', messageId);

  switch (typeId) {
    case MessageTypeId.Call: {
      const frame = CallFrame.safeParse(json);
      if (!frame.success) return invalidFrame('call', frame.error, messageId);
      const [, callId, action, payload] = frame.data;
      return { kind: 'call', messageId: callId, action, payload };
    }
    case MessageTypeId.CallResult: {
      const frame = CallResultFrame.safeParse(json);
      if (!frame.success) return invalidFrame('callResult', frame.error, messageId);
      const [, resultId, payload] = frame.data;
      return { kind: 'callResult', messageId: resultId, payload };
    }
    case MessageTypeId.CallError: {
      const frame = CallErrorFrame.safeParse(json);
      if (!frame.success) return invalidFrame('callError', frame.error, messageId);
      const [, errorId, code, errorDescription, errorDetails] = frame.data;
      return {
        kind: 'callError',
        messageId: errorId,
        errorCode: normaliseInboundErrorCode(code),
        receivedErrorCode: code,
        errorDescription,
        errorDetails,
      };
    }
    default:
      return { kind: 'ignored', messageTypeId: typeId };
  }
}

function invalid(description: string, messageId?: string, messageTypeId?: MessageTypeId): ParsedFrame {
  return {
    kind: 'invalid',
    ...(messageId === undefined ? {} : { messageId }),
    ...(messageTypeId === undefined ? {} : { messageTypeId }),
    error: protocolError('FormationViolation', description),
  };
}

function invalidFrame(kind: ParsedKind, error: z.ZodError, messageId: string | undefined): ParsedFrame {
  const typeId = { call: MessageTypeId.Call, callResult: MessageTypeId.CallResult, callError: MessageTypeId.CallError }[
    kind
  ];
  const names = elementNames[kind];
  const shape = `${frameNames[kind]} must be [${names.join(', ')}]`;
  const issue = error.issues[0];
  const index = issue?.path[0];
  const description =
    typeof index === 'number'
      ? `${frameNames[kind]} element ${index} (${names[index] ?? 'extra'}): ${issue?.message ?? 'invalid'}`
      : shape;
  return invalid(description, messageId, typeId);
}

/** True when `text` is longer than `maxBytes` once UTF-8 encoded; stops counting as soon as the answer is known. */
function exceedsUtf8Bytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > maxBytes) return true;
  }
  return false;
}
