import { z } from 'zod';

/**
 * Where a dead letter came from, which is also where a replay sends it back:
 * - `stream`: a JetStream message nobody could process (replayed by publishing it again on its subject);
 * - `consumer`: a message one durable consumer could not apply (replayed the same way; other consumers of the
 *   stream see it again and drop it by its id);
 * - `outbox`: an outbox row the relay could never publish (replayed by handing the row back to the relay).
 */
export const DeadLetterOriginKind = z.enum(['stream', 'consumer', 'outbox']);
export type DeadLetterOriginKind = z.infer<typeof DeadLetterOriginKind>;

export const DeadLetterOrigin = z.object({
  kind: DeadLetterOriginKind,
  /** The stream (unprefixed, as in `streams`), the consumer's durable name, or the outbox's table. */
  name: z.string().min(1),
  /** The subject the message was (or was to be) published on, unprefixed. */
  subject: z.string().min(1),
  /** Stream sequence of the original message (stream and consumer origins). */
  streamSequence: z.number().int().nonnegative().optional(),
  /** Outbox row id (outbox origin). */
  outboxId: z.string().optional(),
});
export type DeadLetterOrigin = z.infer<typeof DeadLetterOrigin>;

/**
 * Why it can never be processed: the `reason` label of `chargeplane_dead_letters_total`, so a short fixed word
 * (`too_large`, `unparsable`, `fold_failed`, `invalid`, …); the specifics go in `detail`.
 */
export const DeadLetterReason = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a short snake_case word (a metric label), the specifics go in detail');

/** The header of a DEAD_LETTERS message that carries its `DeadLetterMeta` (JSON); the body is the original payload. */
export const DEAD_LETTER_HEADER = 'Chargeplane-Dead-Letter';

/**
 * What a dead letter says about its message. On the bus it is the `Chargeplane-Dead-Letter` header of a message on
 * `subjects.deadLetter(chargerId)` whose body is the original payload, cut short only when the original (with this
 * header) would not fit in NATS's max_payload (an outbox row too large for the bus; the row keeps it whole).
 */
export const DeadLetterMeta = z.object({
  /** Unique; also the message's `Nats-Msg-Id`. */
  id: z.uuid(),
  origin: DeadLetterOrigin,
  reason: DeadLetterReason,
  /** What went wrong, for a person (an error message, the size against the limit). */
  detail: z.string().max(4000),
  chargerId: z.string().nullable(),
  deadLetteredAt: z.iso.datetime(),
  /** The original message's headers (multi-valued, as NATS carries them). */
  headers: z.record(z.string(), z.array(z.string())),
  /** Size of the original payload; `payloadTruncated` when the body holds only its start. */
  payloadBytes: z.number().int().nonnegative(),
  payloadTruncated: z.boolean(),
});
export type DeadLetterMeta = z.infer<typeof DeadLetterMeta>;

/** A dead letter as the admin API shows it: where it is in DEAD_LETTERS, what it says, and the payload. */
export const DeadLetter = DeadLetterMeta.extend({
  /** Its sequence in DEAD_LETTERS: the handle to inspect and replay it. */
  sequence: z.number().int().positive(),
  /** The original payload (or its start): UTF-8 text, or base64 when it is not valid UTF-8. */
  payload: z.string(),
  payloadEncoding: z.enum(['utf8', 'base64']),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** A page of dead letters, oldest first; `nextAfter` goes into the next request's `after`. */
export const DeadLetterPage = z.object({ items: z.array(DeadLetter), nextAfter: z.number().int().nullable() });
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

/** What a replay did with one dead letter. */
export const DeadLetterReplay = z.object({
  sequence: z.number().int().positive(),
  id: z.string(),
  /** The subject it was published on again, or the outbox row handed back to the relay. */
  to: z.string(),
});
export type DeadLetterReplay = z.infer<typeof DeadLetterReplay>;
