import type { EventEnvelope } from '@chargeplane/contracts-events';
import {
  isMaxPayloadError,
  OutboxRow,
  planRow,
  poisonRow,
  type OutboxDeadLetter,
  type OutboxPoison,
  type Planned,
} from './outbox-rows.js';
import { preparedStatement, type PreparedStatement } from './prepared-statement.js';

/**
 * The relay's statements on its lead connection (prepared: a drain runs after every commit).
 *
 * A read deletes what was published since the last one and reads what is waiting, in id order, leaving out the rows
 * it deletes (a data-modifying CTE's effect is not visible to its own statement), the rows whose publish is still
 * in flight, and a writer's live claim with every later row of its stream (the writer publishes those first,
 * decision 0014). Every other row is read, a late commit's lower id included.
 */
const DELETE_PUBLISHED_READ_WAITING = preparedStatement(
  'chargeplane_outbox_delete_read',
  `WITH published AS (DELETE FROM outbox WHERE id = ANY($2::bigint[]))
   SELECT o.id::text, o.subject, o.payload FROM outbox o
    WHERE o.dead_lettered_at IS NULL AND o.id <> ALL($2::bigint[]) AND o.id <> ALL($3::bigint[])
      AND NOT EXISTS (SELECT 1 FROM outbox c
                       WHERE c.stream_id = o.stream_id AND c.id <= o.id AND c.claimed_until > now())
    ORDER BY o.id LIMIT $1`,
);
const DELETE_PUBLISHED = preparedStatement(
  'chargeplane_outbox_published',
  `DELETE FROM outbox WHERE id = ANY($1::bigint[])`,
);
const DEAD_LETTER = preparedStatement(
  'chargeplane_outbox_dead_letter',
  `UPDATE outbox SET dead_lettered_at = now(), dead_letter_reason = d.reason
     FROM unnest($1::bigint[], $2::text[]) AS d(id, reason) WHERE outbox.id = d.id`,
);

/** What one drain works with: the lead's connection, the bus, and what the relay is told. */
export interface DrainWork {
  /** A statement on the lead's connection. */
  query(statement: PreparedStatement, params: unknown[]): Promise<unknown[]>;
  /** Publishes one event; resolves once the bus stored it. */
  publish(subject: string, event: EventEnvelope, json: string): Promise<void>;
  /** Stores a row that can never be published among the dead letters; resolves once it is stored. */
  deadLetter(letter: OutboxDeadLetter): Promise<void>;
  maxPayloadBytes(): number;
  /** Rows read and not yet settled, at most. */
  limit: number;
  /** Asked before each read: false ends the drain once what is in flight settled (the relay stops). */
  mayGoOn(): boolean;
  onPublished?: (event: EventEnvelope) => void;
}

/**
 * One drain of the outbox by the relay leading, as a conveyor: rows are read while the publishes of rows read before
 * are in flight, so an event committed now waits for one read and its own publish, not for the acknowledgements of
 * everything read before it. A read comes when an append's NOTIFY says rows are waiting (or the last read filled the
 * room), and once more after everything settled, to delete it and look again; the drain ends when a read finds
 * nothing with nothing in flight.
 *
 * Each stream's events are published one after another in id order (its order in the store), across reads: a row
 * waits for the publish of its stream's row before it. A stream stops at its first failure (its later events stay for
 * a later drain) while the other streams' publishes in flight go on; no row is read after a failure, and the first
 * failure is thrown once what settled is deleted. A row that can never be published is dead-lettered, marked, and
 * its stream goes on. Rows are deleted only after they are published.
 */
export class RelayDrain {
  readonly #inFlight = new Set<string>();
  #published: string[] = [];
  #deadLettered: { id: string; reason: OutboxPoison }[] = [];
  /** Per stream, the settling of its last row read (a row not an event is a chain of its own). */
  readonly #tails = new Map<string, Promise<void>>();
  /** Streams whose publish failed in this drain: their later rows are left for a later drain. */
  readonly #stopped = new Set<string>();
  #failure: { error: unknown } | undefined;
  #total = 0;
  /** An append committed since the last read began (rows may be waiting). */
  #due = true;
  #wake: (() => void) | undefined;

  constructor(private readonly work: DrainWork) {}

  /** An append committed: read again as soon as there is room. */
  notify(): void {
    this.#due = true;
    this.#wakeUp();
  }

  /** Drains until a read finds nothing with nothing in flight; answers how many rows it published or dead-lettered. */
  async run(): Promise<number> {
    let lastFull = false;
    try {
      for (;;) {
        while (this.#inFlight.size > 0 && !this.#failure && !this.#readDue(lastFull)) await this.#change();
        if (this.#failure || !this.work.mayGoOn()) break;
        const settledSince = this.#published.length > 0 || this.#deadLettered.length > 0;
        if (this.#inFlight.size === 0 && !this.#due && !lastFull && !settledSince) break;
        await this.#markDeadLettered();
        const room = this.work.limit - this.#inFlight.size;
        this.#due = false;
        const published = this.#published;
        this.#published = [];
        const raw = await this.work.query(DELETE_PUBLISHED_READ_WAITING, [room, published, [...this.#inFlight]]);
        const rows = raw.map((r) => OutboxRow.parse(r));
        lastFull = rows.length >= room;
        for (const row of rows) this.#dispatch(row);
      }
    } catch (error) {
      // The store is away: what is in flight settles first (published rows are published again by the next lead, and
      // the bus drops them by event id).
      await Promise.all(this.#tails.values());
      throw error;
    }
    await Promise.all(this.#tails.values());
    await this.#markDeadLettered();
    if (this.#published.length > 0) await this.work.query(DELETE_PUBLISHED, [this.#published.splice(0)]);
    if (this.#failure) throw this.#failure.error;
    return this.#total;
  }

  /** A read is worth making now: rows are announced (or the last read filled the room), and there is room. */
  #readDue(lastFull: boolean): boolean {
    return (this.#due || lastFull) && this.#inFlight.size < this.work.limit;
  }

  #dispatch(row: OutboxRow): void {
    this.#inFlight.add(row.id);
    const planned = planRow(row, this.work.maxPayloadBytes());
    const stream = 'event' in planned ? planned.event.streamId : `row:${row.id}`;
    const tail = (this.#tails.get(stream) ?? Promise.resolve()).then(() => this.#settle(stream, planned));
    this.#tails.set(stream, tail);
    void tail.then(() => {
      if (this.#tails.get(stream) === tail) this.#tails.delete(stream);
    });
  }

  /** Publishes (or dead-letters) one row after its stream's row before it; never throws. */
  async #settle(stream: string, planned: Planned): Promise<void> {
    const id = planned.row.id;
    try {
      if (this.#stopped.has(stream)) return;
      if ('poison' in planned) return await this.#toDeadLetters(stream, planned.poison);
      try {
        await this.work.publish(planned.row.subject, planned.event, planned.json);
      } catch (error) {
        if (!isMaxPayloadError(error)) return this.#fail(stream, error);
        const poison = poisonRow(planned.row, 'too_large', `the bus refused it: ${messageOf(error)}`);
        return await this.#toDeadLetters(stream, poison);
      }
      this.#published.push(id);
      this.#total++;
      this.work.onPublished?.(planned.event);
    } catch (error) {
      this.#fail(stream, error);
    } finally {
      this.#inFlight.delete(id);
      this.#wakeUp();
    }
  }

  async #toDeadLetters(stream: string, poison: OutboxDeadLetter): Promise<void> {
    try {
      await this.work.deadLetter(poison);
    } catch (error) {
      return this.#fail(stream, error);
    }
    this.#deadLettered.push({ id: poison.outboxId, reason: poison.reason });
    this.#total++;
  }

  #fail(stream: string, error: unknown): void {
    this.#stopped.add(stream);
    this.#failure ??= { error };
  }

  /** Marks the rows dead-lettered since the last read, before a read could see them again. */
  async #markDeadLettered(): Promise<void> {
    if (this.#deadLettered.length === 0) return;
    const marked = this.#deadLettered.splice(0);
    await this.work.query(DEAD_LETTER, [marked.map((d) => d.id), marked.map((d) => d.reason)]);
  }

  /** Resolves at the next notify or settle. */
  #change(): Promise<void> {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
