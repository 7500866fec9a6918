import { EventEnvelope } from '@chargeplane/contracts-events';
import { inSpan } from '@chargeplane/platform-observability';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

/** Publishes one event to the bus; must resolve only once the bus has stored it (JetStream ack). */
export type PublishEvent = (subject: string, event: EventEnvelope) => Promise<void>;

export interface OutboxRelayOptions {
  databaseUrl: string;
  batchSize?: number;
  /** Fallback poll interval; NOTIFY wakes the relay immediately after each append commits. */
  pollMs?: number;
  onError?: (error: unknown) => void;
  /** Told of each event once the bus has it (metrics: outbox lag, writes by outcome). */
  onPublished?: (event: EventEnvelope) => void;
}

const OutboxRow = z.object({ id: z.string(), subject: z.string(), payload: z.unknown() });
const RELAY_LOCK = 7_345_001;

/**
 * Drains the outbox to the bus in id order. Rows are deleted only in the transaction that published
 * them, so an event committed late is simply found on a later pass: nothing is skipped. One relay is
 * active at a time (transaction advisory lock), which keeps each charger's events in order. A crash
 * after publishing re-publishes on restart; the bus drops the duplicate by event id (Nats-Msg-Id).
 */
export class OutboxRelay {
  private listener: pg.Client | undefined;
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
    this.listener = new pg.Client({ connectionString: this.options.databaseUrl });
    this.listener.on('notification', () => this.kick());
    this.listener.on('error', (e) => this.options.onError?.(e));
    await this.listener.connect();
    await this.listener.query('LISTEN chargeplane_outbox');
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 500);
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Publishes everything currently in the outbox; returns how many events were published. The streams of a
   * batch are published side by side, each stream's events one after another, so a stream's order on the bus
   * is its order in the store even when a publish fails: its later events wait for the next pass, while what
   * other streams published is deleted. The first failure is thrown once the batch's successes are committed.
   */
  async drainOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 200;
    let total = 0;
    for (;;) {
      const pass = await this.db.transaction(async (tx) => {
        // One relay at a time: the rows come only with the transaction's advisory lock (taken at the first row;
        // held by another relay, every row is filtered out). An empty outbox needs no lock.
        const rows = z.array(OutboxRow).parse(
          await tx.query(
            `SELECT id::text, subject, payload FROM outbox WHERE pg_try_advisory_xact_lock($2)
                ORDER BY outbox.id LIMIT $1`,
            [batchSize, RELAY_LOCK],
          ),
        );
        const { published, failure } = await this.publishByStream(rows);
        if (published.length > 0) await tx.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [published]);
        return { published: published.length, fetched: rows.length, failure };
      });
      total += pass.published;
      if (pass.failure !== undefined) throw pass.failure;
      if (pass.fetched < batchSize) return total;
    }
  }

  /** Publishes rows grouped by stream, in order within each; a stream stops at its first failure. */
  private async publishByStream(
    rows: readonly z.infer<typeof OutboxRow>[],
  ): Promise<{ published: string[]; failure: unknown }> {
    const byStream = new Map<string, { row: z.infer<typeof OutboxRow>; event: EventEnvelope }[]>();
    for (const row of rows) {
      const event = EventEnvelope.parse(row.payload);
      const chain = byStream.get(event.streamId) ?? [];
      chain.push({ row, event });
      byStream.set(event.streamId, chain);
    }
    const published: string[] = [];
    let failure: unknown;
    await Promise.all(
      [...byStream.values()].map(async (chain) => {
        for (const { row, event } of chain) {
          try {
            await publishTraced(this.publish, row.subject, event);
            published.push(row.id);
            this.options.onPublished?.(event);
          } catch (error) {
            failure ??= error;
            return;
          }
        }
      }),
    );
    return { published, failure };
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
