import { z } from 'zod';

/** OCPP-J message type numbers (OCPP-J 1.6 §4.1.3). */
export const MessageTypeId = { Call: 2, CallResult: 3, CallError: 4 } as const;
export type MessageTypeId = (typeof MessageTypeId)[keyof typeof MessageTypeId];

/** A message id: a string of 1 to 36 characters, unique per sender and connection; answers echo it. */
export const MessageId = z.string().min(1).max(36);
export type MessageId = z.infer<typeof MessageId>;

/** A JSON object payload (never an array or null; an empty payload is `{}`). */
export const JsonObject = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObject>;

/** CALL: `[2, messageId, action, payload]`. The action is checked against the registry later, not here. */
export const CallFrame = z.tuple([z.literal(MessageTypeId.Call), MessageId, z.string().min(1), JsonObject]);
export type CallFrame = z.infer<typeof CallFrame>;

/** CALLRESULT: `[3, messageId, payload]`. */
export const CallResultFrame = z.tuple([z.literal(MessageTypeId.CallResult), MessageId, JsonObject]);
export type CallResultFrame = z.infer<typeof CallResultFrame>;

/**
 * CALLERROR: `[4, messageId, errorCode, errorDescription, errorDetails]`. The code is any string here because inbound
 * codes are tolerated and normalised (see `normaliseInboundErrorCode`); description may be `""`, details `{}`.
 */
export const CallErrorFrame = z.tuple([
  z.literal(MessageTypeId.CallError),
  MessageId,
  z.string(),
  z.string(),
  JsonObject,
]);
export type CallErrorFrame = z.infer<typeof CallErrorFrame>;

/** Any of the three OCPP-J frames. */
export const OcppFrame = z.union([CallFrame, CallResultFrame, CallErrorFrame]);
export type OcppFrame = z.infer<typeof OcppFrame>;
