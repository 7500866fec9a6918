import {
  DEAD_LETTER_HEADER,
  DeadLetter,
  DeadLetterMeta,
  type DeadLetterPage,
  type DeadLetterReplay,
  IllegalStateError,
  NotFoundError,
  streams,
  subjects,
} from '@chargeplane/contracts-api';
import type { StoredMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { NatsBus } from './nats-bus.js';

/** Hands an outbox row back to its relay (clears its dead-letter mark); NotFoundError when the row is gone. */
export type ReplayOutbox = (outboxId: string) => Promise<void>;

/** What a replay did with one dead letter (the admin API's answer). */
export type ReplayOutcome = DeadLetterReplay;

/** Marks a replayed message; its Nats-Msg-Id becomes `replay-{dead letter id}` (a second replay is a duplicate). */
export const REPLAY_HEADER = 'Chargeplane-Replay-Of';

/**
 * Reads DEAD_LETTERS (paged by sequence, optionally one charger's) and sends letters back to their origin: a stream
 * or consumer letter is published again on its subject with its original headers, an outbox letter's row is handed
 * back to the relay. A replayed letter is deleted from DEAD_LETTERS; if it fails again it comes back as a new one.
 */
export class DeadLetterArchive {
  constructor(
    private readonly bus: NatsBus,
    private readonly replayOutbox: ReplayOutbox,
  ) {}

  async list(query: { chargerId?: string | undefined; after?: number; limit: number }): Promise<DeadLetterPage> {
    const filter = this.bus.subject(
      query.chargerId === undefined ? subjects.deadLettersAll : subjects.deadLetter(query.chargerId),
    );
    const items: DeadLetter[] = [];
    let next = (query.after ?? 0) + 1;
    while (items.length < query.limit) {
      const stored = await this.bus.jsm.streams
        .getMessage(this.stream(), { seq: next, next_by_subj: filter } as unknown as { seq: number })
        .catch(() => null);
      if (stored === null) return { items, nextAfter: null };
      items.push(toDeadLetter(stored));
      next = stored.seq + 1;
    }
    return { items, nextAfter: items.at(-1)?.sequence ?? null };
  }

  async get(sequence: number): Promise<DeadLetter> {
    const stored = await this.bus.jsm.streams.getMessage(this.stream(), { seq: sequence }).catch(() => null);
    if (stored === null) throw new NotFoundError(`no dead letter ${sequence}`, { sequence });
    return toDeadLetter(stored);
  }

  async replay(sequence: number): Promise<ReplayOutcome> {
    const letter = await this.get(sequence);
    let to: string;
    if (letter.origin.kind === 'outbox') {
      if (letter.origin.outboxId === undefined)
        throw new IllegalStateError(`dead letter ${sequence} names no outbox row`, { sequence });
      await this.replayOutbox(letter.origin.outboxId);
      to = `outbox row ${letter.origin.outboxId}`;
    } else {
      if (letter.payloadTruncated)
        throw new IllegalStateError(`dead letter ${sequence} holds only the start of its payload`, { sequence });
      const h = natsHeaders();
      for (const [key, values] of Object.entries(letter.headers)) {
        if (key.toLowerCase() === 'nats-msg-id') continue;
        for (const value of values) h.append(key, value);
      }
      h.set(REPLAY_HEADER, letter.id);
      await this.bus.js.publish(this.bus.subject(letter.origin.subject), payloadBytes(letter), {
        msgID: `replay-${letter.id}`,
        headers: h,
      });
      to = letter.origin.subject;
    }
    await this.bus.jsm.streams.deleteMessage(this.stream(), sequence, false).catch(() => false);
    return { sequence, id: letter.id, to };
  }

  /** Replays every dead letter of one charger, oldest first. */
  async replayCharger(chargerId: string): Promise<ReplayOutcome[]> {
    const outcomes: ReplayOutcome[] = [];
    let after = 0;
    for (;;) {
      const page = await this.list({ chargerId, after, limit: 100 });
      for (const letter of page.items) outcomes.push(await this.replay(letter.sequence));
      if (page.nextAfter === null) return outcomes;
      after = page.nextAfter;
    }
  }

  private stream(): string {
    return this.bus.stream(streams.deadLetters.name);
  }
}

function toDeadLetter(stored: StoredMsg): DeadLetter {
  const meta = DeadLetterMeta.parse(JSON.parse(stored.header.get(DEAD_LETTER_HEADER) || '{}'));
  const text = decodeUtf8(stored.data);
  return DeadLetter.parse({
    ...meta,
    sequence: stored.seq,
    payload: text ?? Buffer.from(stored.data).toString('base64'),
    payloadEncoding: text === undefined ? 'base64' : 'utf8',
  });
}

function decodeUtf8(data: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}

function payloadBytes(letter: DeadLetter): Uint8Array {
  return letter.payloadEncoding === 'utf8'
    ? new TextEncoder().encode(letter.payload)
    : new Uint8Array(Buffer.from(letter.payload, 'base64'));
}
