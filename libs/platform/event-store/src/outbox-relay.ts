import { NotFoundError } from '@chargeplane/contracts-api';
import { EventEnvelope } from '@chargeplane/contracts-events';
import { inSpan } from '@chargeplane/platform-observability';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  isMaxPayloadError,
  OutboxRow,
  planRow,
  poisonRow,
  type OutboxDeadLetter,
  type OutboxPoison,
  type Planned,
} from './outbox-rows.js';
import { preparedStatement } from './prepared-statement.js';
import { OUTBOX_CHANNEL, RelayLead } from './relay-lead.js';

/**
 * Publishes one event to the bus as `json` (the event serialised, exactly what goes on the bus); must resolve only
 * once the bus has stored it (JetStream ack).
 */
export type PublishEvent = (subject: string, event: EventEnvelope, json: string) => Promise<void>;

export interface OutboxRelayOptions {
  databaseUrl: string;
  /** The largest message the bus carries (NATS's max_payload, as the connection reports it). */
  maxPayloadBytes: () => number;
  /** Stores a row that can never be published (the dead-letter stream); resolves once it is stored. */
  deadLetter: (letter: OutboxDeadLetter) => Promise<void>;
  batchSize?: number;
  /**
   * Poll interval: the relay leading drains the outbox, the others try for the lead. NOTIFY wakes the relay leading
   * at once after each append commits.
   */
  pollMs?: number;
  /**
   * How long the relay's connection may sit without a statement before PostgreSQL ends it (and with it the lead):
   * a relay frozen while it leads (a paused VM or process) hands the lead on after this. A live relay sends a
   * statement every poll. Default: 30 s, or four polls if that is longer.
   */
  leadIdleTimeoutMs?: number;
  onError?: (error: unknown) => void;
  /** Told of each event once the bus has it (metrics: outbox lag, writes by outcome). */
  onPublished?: (event: EventEnvelope) => void;
}

/**
 * Rows a pass publishes at most. A pass is a few round trips in sequence (read, publish side by side, delete), and on
 * a busy machine each waits for the relay's process to be scheduled again, so the pass's length, not its work, set
 * the relay's pace: with 200 rows, two replicas appending 1,100 events/s left it thousands behind.
 */
const RELAY_BATCH = 1_000;
const DEFAULT_POLL_MS = 500;
const Released = z.array(z.object({ n: z.number() }));

// The relay's statements on its lead connection, once per pass (prepared: a pass follows every commit).
const NEXT_ROWS = preparedStatement(
  'chargeplane_outbox_next',
  `SELECT id::text, subject, payload FROM outbox WHERE dead_lettered_at IS NULL ORDER BY outbox.id LIMIT $1`,
);
const DELETE_PUBLISHED = preparedStatement(
  'chargeplane_outbox_published',
  `DELETE FROM outbox WHERE id = ANY($1::bigint[])`,
);
/**
 * A pass's delete and the next pass's read in one round trip. The read sees the outbox as the statement starts, the
 * rows it deletes included (a data-modifying CTE's effect is not visible to its own statement): they are left out by
 * id. Every other row is read in id order as `NEXT_ROWS` reads it, a late commit's lower id included.
 */
const DELETE_PUBLISHED_READ_NEXT = preparedStatement(
  'chargeplane_outbox_published_next',
  `WITH published AS (DELETE FROM outbox WHERE id = ANY($2::bigint[]))
   SELECT id::text, subject, payload FROM outbox
    WHERE dead_lettered_at IS NULL AND id <> ALL($2::bigint[]) ORDER BY outbox.id LIMIT $1`,
);
const DEAD_LETTER = preparedStatement(
  'chargeplane_outbox_dead_letter',
  `UPDATE outbox SET dead_lettered_at = now(), dead_letter_reason = d.reason
     FROM unnest($1::bigint[], $2::text[]) AS d(id, reason) WHERE outbox.id = d.id`,
);

/**
 * Drains the outbox to the bus in id order. Rows are deleted only after they are published, so an event committed
 * late is simply found on a later pass: nothing is skipped. One relay leads per schema (RelayLead: a session advisory
 * lock on the relay's own connection), which keeps each charger's events in order; it keeps the lead from pass to
 * pass and hands it back when a pass fails. A crash after publishing re-publishes on the next lead; the bus drops
 * the duplicate by event id (Nats-Msg-Id). A row that can never be published (over the bus's max payload, a payload
 * that is not an event) goes to the dead-letter stream and is marked in the outbox, so it neither blocks its stream
 * nor fails every pass; a publish that fails for any other reason (NATS unavailable) is retried on a later pass,
 * never dead-lettered.
 */
export class OutboxRelay {
  private readonly lead: RelayLead;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: DataSource,
    private readonly publish: PublishEvent,
    private readonly options: OutboxRelayOptions,
  ) {
    this.lead = new RelayLead({
      databaseUrl: options.databaseUrl,
      idleTimeoutMs: options.leadIdleTimeoutMs ?? Math.max(30_000, 4 * (options.pollMs ?? DEFAULT_POLL_MS)),
      // Only the relay leading drains on a commit; the others try for the lead on their poll.
      onNotified: () => {
        if (this.lead.leading) this.kick();
      },
      onReconnected: () => this.kick(),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** Whether this relay leads its schema's outbox now (health, tests). */
  get leading(): boolean {
    return this.lead.leading;
  }

  /** Connects (a PostgreSQL that cannot be reached fails the start), tries for the lead and starts polling. */
  async start(): Promise<void> {
    this.running = true;
    await this.lead.open();
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? DEFAULT_POLL_MS);
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    await this.lead.close();
  }

  /**
   * Publishes everything currently in the outbox, taking the lead first if it is free; returns how many events were
   * published (0 while another relay leads). The streams of a batch are published side by side, each stream's events
   * one after another, so a stream's order on the bus is its order in the store even when a publish fails: its later
   * events wait for a later pass, while what other streams published is deleted. The first failure is thrown once the
   * batch's successes are deleted, and the lead is handed back.
   */
  async drainOnce(): Promise<number> {
    await this.lead.open();
    if (!(await this.lead.tryLead())) return 0;
    const batchSize = this.options.batchSize ?? RELAY_BATCH;
    const rowsOf = (raw: unknown[]) => raw.map((r: unknown) => OutboxRow.parse(r));
    let total = 0;
    let rows = rowsOf(await this.lead.query(NEXT_ROWS, [batchSize]));
    while (rows.length > 0) {
      const { published, deadLettered, failure } = await this.publishByStream(rows);
      if (deadLettered.length > 0)
        await this.lead.query(DEAD_LETTER, [deadLettered.map((d) => d.id), deadLettered.map((d) => d.reason)]);
      total += published.length + deadLettered.length;
      if (failure !== undefined) {
        if (published.length > 0) await this.lead.query(DELETE_PUBLISHED, [published]);
        await this.lead.release();
        throw failure;
      }
      // Drains on while rows come: what committed during this pass is read by the statement that deletes its rows.
      rows = rowsOf(await this.lead.query(DELETE_PUBLISHED_READ_NEXT, [batchSize, published]));
    }
    return total;
  }

  /**
   * Publishes rows grouped by stream, in order within each; a stream stops at its first failure. A row that can
   * never be published is dead-lettered instead and its stream goes on.
   */
  private async publishByStream(
    rows: readonly OutboxRow[],
  ): Promise<{ published: string[]; deadLettered: { id: string; reason: OutboxPoison }[]; failure: unknown }> {
    const byStream = new Map<string, Planned[]>();
    for (const row of rows) {
      const planned = planRow(row, this.options.maxPayloadBytes());
      // A row that is not an event names no stream: it is a chain of its own.
      const key = 'event' in planned ? planned.event.streamId : `row:${row.id}`;
      byStream.set(key, [...(byStream.get(key) ?? []), planned]);
    }
    const published: string[] = [];
    const deadLettered: { id: string; reason: OutboxPoison }[] = [];
    let failure: unknown;
    await Promise.all(
      [...byStream.values()].map(async (chain) => {
        for (const planned of chain) {
          try {
            if ('poison' in planned) {
              await this.options.deadLetter(planned.poison);
              deadLettered.push({ id: planned.row.id, reason: planned.poison.reason });
              continue;
            }
            await publishTraced(this.publish, planned.row.subject, planned.event, planned.json);
            published.push(planned.row.id);
            this.options.onPublished?.(planned.event);
          } catch (error) {
            if ('event' in planned && isMaxPayloadError(error)) {
              const poison = poisonRow(planned.row, 'too_large', `the bus refused it: ${messageOf(error)}`);
              try {
                await this.options.deadLetter(poison);
                deadLettered.push({ id: planned.row.id, reason: 'too_large' });
                continue;
              } catch (deadLetterError) {
                failure ??= deadLetterError;
                return;
              }
            }
            failure ??= error;
            return;
          }
        }
      }),
    );
    return { published, deadLettered, failure };
  }

  /**
   * Hands a dead-lettered row back to the relay (an operator's replay): its mark is cleared and the relay tries it
   * again on its next pass. NotFoundError when there is no such dead-lettered row (published, or never marked).
   */
  async replay(outboxId: string): Promise<void> {
    if (!/^\d{1,19}$/.test(outboxId)) throw new NotFoundError(`no outbox row ${outboxId}`, { outboxId });
    const [released] = Released.parse(
      await this.db.query(
        `WITH released AS (
             UPDATE outbox SET dead_lettered_at = NULL, dead_letter_reason = NULL
              WHERE id = $1::bigint AND dead_lettered_at IS NOT NULL RETURNING id)
           SELECT count(*)::int AS n FROM released`,
        [outboxId],
      ),
    );
    if (released?.n !== 1) throw new NotFoundError(`no dead-lettered outbox row ${outboxId}`, { outboxId });
    await this.db.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema())`);
  }

  /** A pass now (or right after the one under way): by the relay leading, or by one that takes the lead now. */
  private kick(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }
}

/** Publishes in a producer span continuing the event's trace, so the bus message carries it to the consumers. */
function publishTraced(publish: PublishEvent, subject: string, event: EventEnvelope, json: string): Promise<void> {
  if (!event.trace) return publish(subject, event, json);
  const attributes = {
    'messaging.system': 'nats',
    'messaging.destination.name': subject,
    'chargeplane.event.type': event.type,
  };
  return inSpan(`outbox publish ${event.type}`, { role: 'producer', parent: event.trace, attributes }, () =>
    publish(subject, event, json),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
