/**
 * Dead letters (docs/architecture.md §4, runbook "Dead letters"): messages that can never be processed go to the
 * DEAD_LETTERS stream with their reason and origin, so they stop blocking their charger and wait for a person.
 *
 * Interface (all a consumer or relay needs):
 *
 *   const deadLetters = new DeadLetters(bus, registry, Date.now, randomUUID);   // once per app, in compose/main
 *   // a JetStream message a durable consumer can never apply:
 *   await deadLetters.putMessage(msg, { kind: 'consumer', name: durable }, 'fold_failed', error, chargerId);
 *   msg.ack();                                   // only after putMessage resolved: the letter is in JetStream
 *   // an outbox row (OutboxRelay's `deadLetter` option), or anything else:
 *   await deadLetters.putOutboxRow(row);
 *   await deadLetters.put({ origin, reason, detail, chargerId, headers, payload });
 *
 * `put`/`putMessage` resolve once JetStream acknowledged the letter and throw when it could not be stored (then do
 * not ack the original: it is redelivered and tried again). `reason` is a short snake_case word (a metric label:
 * `fold_failed`, `too_large`, `unparsable`, `invalid`); the error's text goes in `detail`. Each letter counts in
 * `chargeplane_dead_letters_total{origin,reason}` and is logged by the caller. The letter's body is the original
 * payload (cut to fit NATS's max_payload, flagged `payloadTruncated`); its `Chargeplane-Dead-Letter` header holds the
 * `DeadLetterMeta` (contracts-api dead-letters.ts). Reading and replaying: DeadLetterArchive (dead-letter-archive.ts).
 */
import {
  DEAD_LETTER_HEADER,
  DeadLetterMeta,
  streams,
  subjects,
  type DeadLetterOrigin,
  type DeadLetterOriginKind,
} from '@chargeplane/contracts-api';
import type { JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { Counter, type Registry } from 'prom-client';
import type { NatsBus } from './nats-bus.js';

export interface DeadLetterInput {
  origin: DeadLetterOrigin;
  /** Short snake_case word, the metric's `reason` label. */
  reason: string;
  /** An Error (its message is used) or a text for a person. */
  detail: unknown;
  chargerId: string | null;
  /** The original headers: a message's MsgHdrs or a plain record. */
  headers?: MsgHdrs | Record<string, string[]> | undefined;
  payload: Uint8Array | string;
}

export interface StoredDeadLetter {
  meta: DeadLetterMeta;
  /** Sequence in DEAD_LETTERS. */
  sequence: number;
}

const METRIC = 'chargeplane_dead_letters_total';
// Room kept in a letter for NATS's own framing and the Nats-Msg-Id header.
const FRAMING_BYTES = 1024;
const DETAIL_MAX = 4000;

/** Puts messages on DEAD_LETTERS and counts them. */
export class DeadLetters {
  readonly #counter: Counter<'origin' | 'reason'>;

  constructor(
    private readonly bus: NatsBus,
    registry: Registry,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {
    this.#counter = deadLetterCounter(registry);
  }

  async put(input: DeadLetterInput): Promise<StoredDeadLetter> {
    const original = typeof input.payload === 'string' ? new TextEncoder().encode(input.payload) : input.payload;
    const meta = DeadLetterMeta.parse({
      id: this.newId(),
      origin: input.origin,
      reason: input.reason,
      detail: detailOf(input.detail),
      chargerId: input.chargerId,
      deadLetteredAt: new Date(this.now()).toISOString(),
      headers: headerRecord(input.headers),
      payloadBytes: original.byteLength,
      payloadTruncated: false,
    });
    let header = JSON.stringify(meta);
    const room = this.bus.maxPayload - FRAMING_BYTES - byteLength(DEAD_LETTER_HEADER) - byteLength(header);
    let body = original;
    if (original.byteLength > room) {
      meta.payloadTruncated = true;
      header = JSON.stringify(meta);
      body = original.subarray(0, Math.max(0, room - 8));
    }
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADER, header);
    const subject = input.chargerId === null ? subjects.deadLetterNoCharger : subjects.deadLetter(input.chargerId);
    const ack = await this.bus.js.publish(this.bus.subject(subject), body, { msgID: meta.id, headers: h });
    this.#counter.inc({ origin: input.origin.kind, reason: input.reason });
    return { meta, sequence: ack.seq };
  }

  /** An outbox row the relay can never publish (OutboxDeadLetter of platform-event-store); the row keeps it whole. */
  putOutboxRow(row: {
    outboxId: string;
    subject: string;
    reason: string;
    detail: string;
    chargerId: string | null;
    payload: string;
  }): Promise<StoredDeadLetter> {
    return this.put({
      origin: { kind: 'outbox', name: 'outbox', subject: row.subject, outboxId: row.outboxId },
      reason: row.reason,
      detail: row.detail,
      chargerId: row.chargerId,
      headers: {},
      payload: row.payload,
    });
  }

  /** A JetStream message as a dead letter: its subject, stream sequence, headers and data are kept. */
  putMessage(
    msg: JsMsg,
    origin: { kind: Exclude<DeadLetterOriginKind, 'outbox'>; name: string },
    reason: string,
    detail: unknown,
    chargerId: string | null,
  ): Promise<StoredDeadLetter> {
    return this.put({
      origin: {
        kind: origin.kind,
        name: origin.name,
        subject: this.bus.unprefixed(msg.subject),
        streamSequence: msg.seq,
      },
      reason,
      detail,
      chargerId,
      headers: msg.headers,
      payload: msg.data,
    });
  }
}

/** The counter, registered once per registry (several DeadLetters of one app share it). */
export function deadLetterCounter(registry: Registry): Counter<'origin' | 'reason'> {
  const existing = registry.getSingleMetric(METRIC);
  if (existing) return existing as Counter<'origin' | 'reason'>;
  return new Counter({
    name: METRIC,
    help: 'Messages put on the DEAD_LETTERS stream, by origin (stream, consumer, outbox) and reason',
    labelNames: ['origin', 'reason'],
    registers: [registry],
  });
}

/** The stream dead letters are kept in (for provisioning and tests). */
export const deadLetterStream = streams.deadLetters;

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function detailOf(detail: unknown): string {
  const text = detail instanceof Error ? `${detail.name}: ${detail.message}` : String(detail);
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

function headerRecord(headers: DeadLetterInput['headers']): Record<string, string[]> {
  if (headers === undefined) return {};
  if (isMsgHdrs(headers)) {
    const record: Record<string, string[]> = {};
    for (const key of headers.keys()) record[key] = headers.values(key);
    return record;
  }
  return headers;
}

function isMsgHdrs(headers: MsgHdrs | Record<string, string[]>): headers is MsgHdrs {
  return typeof (headers as MsgHdrs).keys === 'function' && typeof (headers as MsgHdrs).values === 'function';
}
