import { EventEnvelope } from '@chargeplane/contracts-events';
import { z } from 'zod';

/** Why an outbox row can never be published: larger than the bus carries, or its payload is not an event. */
export type OutboxPoison = 'too_large' | 'unparsable';

/** An outbox row the relay gives up on, for the dead-letter stream; the row stays in the outbox, marked. */
export interface OutboxDeadLetter {
  outboxId: string;
  subject: string;
  reason: OutboxPoison;
  detail: string;
  /** From the event, when the payload is one. */
  chargerId: string | null;
  /** The row's payload as JSON text. */
  payload: string;
}

export const OutboxRow = z.object({ id: z.string(), subject: z.string(), payload: z.unknown() });
export type OutboxRow = z.infer<typeof OutboxRow>;
/** A row to publish (its event, and the JSON text that goes on the bus) or to dead-letter (why). */
export type Planned =
  { row: OutboxRow; event: EventEnvelope; json: string } | { row: OutboxRow; poison: OutboxDeadLetter };
// Room for the message's headers (Nats-Msg-Id) and framing besides the JSON.
const HEADER_BYTES = 1024;

/** What to do with a row: publish its event, or dead-letter it when it can never be published. */
export function planRow(row: OutboxRow, maxPayloadBytes: number): Planned {
  const parsed = EventEnvelope.safeParse(row.payload);
  if (!parsed.success) return { row, poison: poisonRow(row, 'unparsable', `not an event: ${parsed.error.message}`) };
  // Serialised once: measured here and published as it is.
  const json = JSON.stringify(parsed.data);
  const bytes = messageBytes(json);
  if (bytes > maxPayloadBytes)
    return { row, poison: poisonRow(row, 'too_large', `${bytes} bytes, the bus carries at most ${maxPayloadBytes}`) };
  return { row, event: parsed.data, json };
}

/** What an event serialised as `json` takes on the bus, its headers and framing included (at most). */
export function messageBytes(json: string): number {
  return Buffer.byteLength(json, 'utf8') + HEADER_BYTES;
}

/** The dead letter of a row that can never be published. */
export function poisonRow(row: OutboxRow, reason: OutboxPoison, detail: string): OutboxDeadLetter {
  const chargerId = (row.payload as { chargerId?: unknown } | null)?.chargerId;
  return {
    outboxId: row.id,
    subject: row.subject,
    reason,
    detail,
    chargerId: typeof chargerId === 'string' ? chargerId : null,
    payload: JSON.stringify(row.payload) ?? 'null',
  };
}

/** Whether the bus refused a message for its size. */
export function isMaxPayloadError(error: unknown): boolean {
  return /max_payload|maximum payload/i.test(error instanceof Error ? error.message : String(error));
}
