import { NotFoundError } from '@chargeplane/contracts-api';
import pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
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
 * The relays' advisory lock key: with a group as second key, one lock per relay group (decision 0012). Taken shared
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
 * Groups a pass takes at most: half of the eight (`outbox_relay_groups()`), so a second relay woken by the same
 * commit finds the other half free instead of waiting for this pass to end, and a relay alone drains them all in two
 * passes.
 */
const RELAY_SHARE = 4;

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
  /** Where the next pass starts trying groups (modulo the group count, in SQL). */
  private nextGroup = 0;

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
   * published. A pass is one transaction, as before groups: it takes the locks of up to RELAY_SHARE groups with rows
   * waiting (tried, never waited for; a group another relay holds is passed by, and that relay is woken by the same
   * commits), publishes their rows in id order and deletes them. The streams of a batch are published side by side,
   * each stream's events one after another, so a stream's order on the bus is its order in the store even when a
   * publish fails: its later events wait for the next drain, while what other streams published is deleted. Passes
   * go on (each starting from the next groups) until every group with rows was drained or is held by another relay;
   * a group whose publish failed is left out of the rest of the drain, and the first failure is thrown at its end.
   */
  async drainOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? RELAY_BATCH;
    const failed: number[] = [];
    let total = 0;
    let failure: unknown;
    for (;;) {
      const pass = await this.db.transaction(async (tx) => {
        const taken = await this.takeGroups(tx, failed);
        if (taken.groups.length === 0)
          return { ...taken, published: 0, fetched: 0, failure: undefined, stuck: [] as number[] };
        const raw = z.array(z.object({ relay_group: z.number() }).passthrough()).parse(
          await tx.query(
            `SELECT id::text, subject, payload, relay_group FROM outbox
                WHERE relay_group = ANY($1::int[]) AND dead_lettered_at IS NULL ORDER BY outbox.id LIMIT $2`,
            [taken.groups, batchSize],
          ),
        );
        const rows = raw.map((row) => OutboxRow.parse(row));
        const { published, deadLettered, failure } = await publishByStream(rows, this.publish, this.options);
        if (published.length > 0) await tx.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [published]);
        for (const { id, reason } of deadLettered)
          await tx.query(`UPDATE outbox SET dead_lettered_at = now(), dead_letter_reason = $2 WHERE id = $1`, [
            id,
            reason,
          ]);
        // The groups of the rows left where a publish failed: the rest of this drain leaves them alone.
        const done = new Set([...published, ...deadLettered.map((d) => d.id)]);
        const stuck = raw.filter((_, i) => !done.has(rows[i]!.id)).map((row) => row.relay_group);
        return {
          ...taken,
          published: published.length + deadLettered.length,
          fetched: rows.length,
          failure,
          stuck,
        };
      });
      total += pass.published;
      if (pass.failure !== undefined) {
        failure ??= pass.failure;
        failed.push(...new Set(pass.stuck));
      }
      const tookEverything = pass.groups.length === pass.pending && pass.fetched < batchSize;
      if (pass.groups.length === 0 || (tookEverything && pass.failure === undefined)) break;
    }
    if (failure !== undefined) throw failure;
    return total;
  }

  /**
   * Locks up to RELAY_SHARE of the groups with rows waiting, starting after the groups of this relay's previous
   * pass (a relay alone takes them all in turn); `pending` is how many groups have rows (failed ones left out). The
   * locks are tried in the order of the sorted pending groups and only until RELAY_SHARE are held (a LIMIT over a
   * volatile filter), so a second relay finds the rest free.
   */
  private async takeGroups(
    tx: EntityManager,
    failed: readonly number[],
  ): Promise<{ groups: number[]; pending: number }> {
    const [taken] = z.array(z.object({ groups: z.array(z.number()), pending: z.number() })).parse(
      await tx.query(
        `WITH pending AS MATERIALIZED (
           SELECT g FROM generate_series(0, outbox_relay_groups() - 1) AS g
            WHERE g <> ALL($4::int[])
              AND EXISTS (SELECT 1 FROM outbox WHERE relay_group = g AND dead_lettered_at IS NULL)
            ORDER BY (g + $2) % outbox_relay_groups()),
         taken AS MATERIALIZED (
           SELECT g FROM pending
            WHERE pg_try_advisory_xact_lock_shared($1::bigint) AND pg_try_advisory_xact_lock($1::int, g)
            LIMIT $3)
         SELECT coalesce((SELECT array_agg(g) FROM taken), '{}') AS groups,
                (SELECT count(*)::int FROM pending) AS pending`,
        [RELAY_LOCK, this.nextGroup, RELAY_SHARE, failed],
      ),
    );
    this.nextGroup = (this.nextGroup + RELAY_SHARE) % 1024;
    return taken ?? { groups: [], pending: 0 };
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
