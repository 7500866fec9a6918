import { z } from 'zod';

/** `cp.{chargerId}.call` request: one CSMS→charger OCPP call, routed to the edge holding the charger. */
export const ChargerCallRequest = z.object({
  action: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  /** How long the edge waits for the charger's answer (the model's call timeout). */
  timeoutMs: z.number().int().positive().max(300_000).optional(),
  correlationId: z.string().optional(),
  /**
   * The instant (epoch ms on the platform's clock, accelerated in simulations like every platform instant) before
   * which the edge must have put the call on the wire. A budgeted write carries one: counted when it was
   * dispatched, it may not reach the device later than the budget's guard allows. A call still queued then is not
   * sent and is answered `not-sent`. Absent: the call waits its turn for as long as its requester waits.
   */
  sendBy: z.number().int().positive().optional(),
});
export type ChargerCallRequest = z.infer<typeof ChargerCallRequest>;

/** When the edge put the call on the wire (epoch ms, the platform's clock); absent from older edges. */
const sentAt = z.number().int().nonnegative().optional();

const replies = [
  z.object({ kind: z.literal('result'), payload: z.record(z.string(), z.unknown()), messageId: z.string(), sentAt }),
  z.object({
    kind: z.literal('call-error'),
    code: z.string(),
    description: z.string(),
    details: z.record(z.string(), z.unknown()),
    messageId: z.string(),
    sentAt,
  }),
  z.object({ kind: z.literal('offline') }),
  z.object({ kind: z.literal('timeout'), messageId: z.string(), sentAt }),
  z.object({ kind: z.literal('refused'), reason: z.string() }),
] as const;

/** The `result` of a charger call: its CALLRESULT, its CALLERROR, or why there was none. */
export const ChargerCallReply = z.discriminatedUnion('kind', [...replies]);
export type ChargerCallReply = z.infer<typeof ChargerCallReply>;

/**
 * The `result` of a call sent with `sendBy`: any `ChargerCallReply`, or `not-sent` when the edge could not put it on
 * the wire in time (queued behind other calls, or already late on arrival). Nothing reached the charger.
 */
export const DeadlineCallReply = z.discriminatedUnion('kind', [
  ...replies,
  z.object({ kind: z.literal('not-sent'), reason: z.string() }),
]);
export type DeadlineCallReply = z.infer<typeof DeadlineCallReply>;
