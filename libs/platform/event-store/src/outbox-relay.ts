import { NotFoundError } from '@chargeplane/contracts-api';
import { EventEnvelope } from '@chargeplane/contracts-events';
import { inSpan } from '@chargeplane/platform-observability';
import pg from 'pg';
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

/** Publishes one event to the bus; must resolve only once the bus has stored it (JetStream ack). */
export type PublishEvent = (subject: string, event: EventEnvelope) => Promise<void>;

export interface OutboxRelayOptions {
  databaseUrl: string;
  /** The largest message the bus carries (NATS's max_payload, as the connection reports it). */
  maxPayloadBytes: () => number;
  /** Stores a row that can never be published (the dead-letter stream); resolves once it is stored. */
  deadLetter: (letter: OutboxDeadLetter) => Promise<void>;
  batchSize?: number;
  /** Fallback poll interval; NOTIFY wakes the relay immediately after each append commits. */
  pollMs?: number;
  onError?: (error: unknown) => void;
  /** Told of each event once the bus has it (metrics: outbox lag, writes by outcome). */
  onPublished?: (event: EventEnvelope) => void;
}

const RELAY_LOCK = 7_345_001;
/**
 * Rows a pass publishes at most. A pass is a few round trips in sequence (lock, read, publish side by side, delete,
 * commit), and on a busy machine each waits for the relay's process to be scheduled again, so the pass's length,
 * not its work, set the relay's pace: with 200 rows, two replicas appending 1,100 events/s left it thousands behind.
 */
const RELAY_BATCH = 1_000;

/**
 * Drains the outbox to the bus in id order. Rows are deleted only in the transaction that published
 * them, so an event committed late is simply found on a later pass: nothing is skipped. One relay is
 * active at a time (transaction advisory lock), which keeps each charger's events in order. A crash
 * after publishing re-publishes on restart; the bus drops the duplicate by event id (Nats-Msg-Id).
 * A row that can never be published (over the bus's max payload, a payload that is not an event) goes to the
 * dead-letter stream and is marked in the outbox, so it neither blocks its stream nor fails every pass; a publish
 * that fails for any other reason (NATS unavailable) is retried on the next pass, never dead-lettered.
 */
export class OutboxRelay {
  private listener: pg.Client | undefined;
  private relisten: NodeJS.Timeout | undefined;
  private listenBackoffMs = 1_000;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: DataSource,
    private readonly publish: PublishEvent,
    private readonly options: OutboxRelayOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    await this.listen(true);
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 500);
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    if (this.relisten) clearTimeout(this.relisten);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Connects the LISTEN client. When its connection is lost (PostgreSQL restarting), it is replaced with backoff
   * (1 s doubling to 30 s) while the poll keeps the outbox draining; a pass right after it is back catches up.
   */
  private async listen(initial = false): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    this.listener = client;
    client.on('notification', () => this.kick());
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (error !== undefined) this.options.onError?.(error);
      void client.end().catch(() => undefined);
      this.scheduleRelisten();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query('LISTEN chargeplane_outbox');
      this.listenBackoffMs = 1_000;
      // stop() came while this reconnect was under way: this client is not kept either.
      if (!this.running) await client.end().catch(() => undefined);
    } catch (error) {
      // At start a PostgreSQL that cannot be reached fails the start; later the client is replaced again.
      if (initial) {
        lost = true;
        await client.end().catch(() => undefined);
        throw error;
      }
      onLost(error);
    }
  }

  private scheduleRelisten(): void {
    if (!this.running || this.relisten) return;
    const delay = this.listenBackoffMs;
    this.listenBackoffMs = Math.min(delay * 2, 30_000);
    this.relisten = setTimeout(() => {
      this.relisten = undefined;
      if (!this.running) return;
      void this.listen().then(() => this.kick());
    }, delay);
  }

  /**
   * Publishes everything currently in the outbox; returns how many events were published. The streams of a
   * batch are published side by side, each stream's events one after another, so a stream's order on the bus
   * is its order in the store even when a publish fails: its later events wait for the next pass, while what
   * other streams published is deleted. The first failure is thrown once the batch's successes are committed.
   */
  async drainOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? RELAY_BATCH;
    let total = 0;
    for (;;) {
      const pass = await this.db.transaction(async (tx) => {
        // One relay at a time: the rows come only with the transaction's advisory lock. Taken on its own: a lock
        // tried in the rows' WHERE is tried once per row, so a relay that finds it held (every replica is woken by
        // every commit) read the whole outbox for nothing, and under a push the outbox fell thousands behind. The
        // relay holding it gets the same wake-ups, so nothing waits for the next poll.
        const [lock] = z
          .array(z.object({ locked: z.boolean() }))
          .parse(await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RELAY_LOCK]));
        if (!lock?.locked) return { published: 0, fetched: 0, failure: undefined };
        const rows = (
          await tx.query(
            `SELECT id::text, subject, payload FROM outbox WHERE dead_lettered_at IS NULL ORDER BY outbox.id LIMIT $1`,
            [batchSize],
          )
        ).map((raw: unknown) => OutboxRow.parse(raw)) as OutboxRow[];
        const { published, deadLettered, failure } = await this.publishByStream(rows);
        if (published.length > 0) await tx.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [published]);
        for (const { id, reason } of deadLettered)
          await tx.query(`UPDATE outbox SET dead_lettered_at = now(), dead_letter_reason = $2 WHERE id = $1`, [
            id,
            reason,
          ]);
        return { published: published.length + deadLettered.length, fetched: rows.length, failure };
      });
      total += pass.published;
      if (pass.failure !== undefined) throw pass.failure;
      if (pass.fetched < batchSize) return total;
    }
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
            await publishTraced(this.publish, planned.row.subject, planned.event);
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
    const [released] = z.array(z.object({ n: z.number() })).parse(
      await this.db.query(
        `WITH released AS (
             UPDATE outbox SET dead_lettered_at = NULL, dead_letter_reason = NULL
              WHERE id = $1::bigint AND dead_lettered_at IS NOT NULL RETURNING id)
           SELECT count(*)::int AS n FROM released`,
        [outboxId],
      ),
    );
    if (released?.n !== 1) throw new NotFoundError(`no dead-lettered outbox row ${outboxId}`, { outboxId });
    await this.db.query(`SELECT pg_notify('chargeplane_outbox', '')`);
  }

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
function publishTraced(publish: PublishEvent, subject: string, event: EventEnvelope): Promise<void> {
  if (!event.trace) return publish(subject, event);
  const attributes = {
    'messaging.system': 'nats',
    'messaging.destination.name': subject,
    'chargeplane.event.type': event.type,
  };
  return inSpan(`outbox publish ${event.type}`, { role: 'producer', parent: event.trace, attributes }, () =>
    publish(subject, event),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
