import { NotFoundError } from '@chargeplane/contracts-api';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { publishByStream, type PublishEvent, type PublishOptions } from './outbox-publish.js';
import { OutboxRow } from './outbox-rows.js';

export type { PublishEvent } from './outbox-publish.js';

export interface OutboxRelayOptions extends PublishOptions {
  databaseUrl: string;
  batchSize?: number;
  /** Fallback poll interval; NOTIFY wakes the relay immediately after each append commits. */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The relays' advisory lock key: with a group as second key, one lock per relay group (decision 0011). Taken shared
 * on its own as well, because a relay of the version before groups took it exclusively for the whole outbox: during a
 * rolling upgrade the two kinds exclude each other, and relays by group never wait on each other through it.
 */
const RELAY_LOCK = 7_345_001;
/**
 * Rows a group's transaction publishes at most. A transaction is a few round trips in sequence (lock, read, publish
 * side by side, delete, commit), and on a busy machine each waits for the relay's process to be scheduled again, so
 * its length, not its work, sets the pace: with 200 rows, two replicas appending 1,100 events/s left the one relay
 * of round 18 thousands behind.
 */
const RELAY_BATCH = 1_000;
/**
 * Groups one relay drains at a time, each in its transaction on a pool connection. Half of the eight groups
 * (`outbox_relay_groups()`): a relay alone drains them in two turns, and a second relay finds the other half free
 * instead of waiting for the first one's pass to end. Four leave the pool's other six connections to the appends.
 */
const RELAY_CONCURRENCY = 4;

/**
 * Drains the outbox to the bus, each relay group in id order. Rows are deleted only in the transaction that published
 * them, so an event committed late is simply found on a later pass: nothing is skipped. A row's group is a function
 * of its stream (the `relay_group` column, computed by PostgreSQL), and a group is drained by one relay at a time
 * (one transaction advisory lock per group, tried, never waited for), which keeps each stream's events in order
 * while the relays of several replicas publish different groups at once. A crash after publishing re-publishes on
 * restart; the bus drops the duplicate by event id (Nats-Msg-Id).
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
   * Publishes everything currently in the outbox that no other relay is publishing; returns how many events were
   * published. Each group with rows waiting is drained in transactions of its own, up to RELAY_CONCURRENCY groups at
   * once; a group another relay holds is passed by (that relay drains it, and is woken by the same commits). Within a
   * group the streams of a batch are published side by side, each stream's events one after another, so a stream's
   * order on the bus is its order in the store even when a publish fails: its later events wait for the next pass,
   * while what other streams published is deleted and other groups go on. The first failure is thrown once every
   * group's pass has ended.
   */
  async drainOnce(): Promise<number> {
    const groups = z
      .array(z.object({ group: z.number() }))
      .parse(
        await this.db.query(
          `SELECT g AS "group" FROM generate_series(0, outbox_relay_groups() - 1) AS g
            WHERE EXISTS (SELECT 1 FROM outbox WHERE relay_group = g AND dead_lettered_at IS NULL)`,
        ),
      )
      .map((row) => row.group);
    let total = 0;
    let failure: unknown;
    const drain = async () => {
      for (let group = groups.shift(); group !== undefined; group = groups.shift()) {
        const pass = await this.drainGroup(group).catch((error: unknown) => ({ published: 0, failure: error }));
        total += pass.published;
        failure ??= pass.failure;
      }
    };
    await Promise.all(Array.from({ length: Math.min(RELAY_CONCURRENCY, groups.length) }, drain));
    if (failure !== undefined) throw failure;
    return total;
  }

  /**
   * Publishes one group's rows while it holds the group's lock, nothing when another relay holds it; stops at the
   * group's first failed publish.
   */
  private async drainGroup(group: number): Promise<{ published: number; failure: unknown }> {
    const batchSize = this.options.batchSize ?? RELAY_BATCH;
    let total = 0;
    for (;;) {
      const pass = await this.db.transaction(async (tx) => {
        // The lock is taken on its own: a lock tried in the rows' WHERE is tried once per row.
        const [lock] = z
          .array(z.object({ locked: z.boolean() }))
          .parse(
            await tx.query(
              `SELECT pg_try_advisory_xact_lock_shared($1::bigint) AND pg_try_advisory_xact_lock($1::int, $2::int) AS locked`,
              [RELAY_LOCK, group],
            ),
          );
        if (!lock?.locked) return { published: 0, fetched: 0, failure: undefined };
        const rows = (
          await tx.query(
            `SELECT id::text, subject, payload FROM outbox
              WHERE relay_group = $1 AND dead_lettered_at IS NULL ORDER BY outbox.id LIMIT $2`,
            [group, batchSize],
          )
        ).map((raw: unknown) => OutboxRow.parse(raw)) as OutboxRow[];
        const { published, deadLettered, failure } = await publishByStream(rows, this.publish, this.options);
        if (published.length > 0) await tx.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [published]);
        for (const { id, reason } of deadLettered)
          await tx.query(`UPDATE outbox SET dead_lettered_at = now(), dead_letter_reason = $2 WHERE id = $1`, [
            id,
            reason,
          ]);
        return { published: published.length + deadLettered.length, fetched: rows.length, failure };
      });
      total += pass.published;
      if (pass.failure !== undefined || pass.fetched < batchSize) return { published: total, failure: pass.failure };
    }
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
