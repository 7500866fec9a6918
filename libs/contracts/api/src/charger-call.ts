import { z } from 'zod';

/** `cp.{chargerId}.call` request: one CSMS→charger OCPP call, routed to the edge holding the charger. */
export const ChargerCallRequest = z.object({
  action: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  /** How long the edge waits for the charger's answer (the model's call timeout). */
  timeoutMs: z.number().int().positive().max(300_000).optional(),
  correlationId: z.string().optional(),
});
export type ChargerCallRequest = z.infer<typeof ChargerCallRequest>;

/** The `result` of a charger call: its CALLRESULT, its CALLERROR, or why there was none. */
export const ChargerCallReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), payload: z.record(z.string(), z.unknown()), messageId: z.string() }),
  z.object({
    kind: z.literal('call-error'),
    code: z.string(),
    description: z.string(),
    details: z.record(z.string(), z.unknown()),
    messageId: z.string(),
  }),
  z.object({ kind: z.literal('offline') }),
  z.object({ kind: z.literal('timeout'), messageId: z.string() }),
  z.object({ kind: z.literal('refused'), reason: z.string() }),
]);
export type ChargerCallReply = z.infer<typeof ChargerCallReply>;
