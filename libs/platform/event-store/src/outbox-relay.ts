import { NotFoundError } from '@chargeplane/contracts-api';
import { EventEnvelope } from '@chargeplane/contracts-events';
import { inSpan } from '@chargeplane/platform-observability';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { OutboxDeadLetter } from './outbox-rows.js';
import { RelayDrain } from './relay-drain.js';
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
 * Rows a drain holds read and not yet published, at most. On a busy machine each round trip waits for the relay's
 * process to be scheduled again, so the relay keeps many publishes in flight: with 200 per pass, two replicas
 * appending 1,100 events/s left it thousands behind.
 */
const RELAY_BATCH = 1_000;
const DEFAULT_POLL_MS = 500;
const Released = z.array(z.object({ n: z.number() }));

/**
 * Drains the outbox to the bus in id order. Rows are deleted only after they are published, so an event committed
 * late is simply found by a later read: nothing is skipped. One relay leads per schema (RelayLead: a session advisory
 * lock on the relay's own connection), which keeps each charger's events in order; it keeps the lead from drain to
 * drain and hands it back when a drain fails. A crash after publishing re-publishes on the next lead; the bus drops
 * the duplicate by event id (Nats-Msg-Id). A row that can never be published (over the bus's max payload, a payload
 * that is not an event) goes to the dead-letter stream and is marked in the outbox, so it neither blocks its stream
 * nor fails every drain; a publish that fails for any other reason (NATS unavailable) is retried by a later drain,
 * never dead-lettered.
 */
export class OutboxRelay {
  private readonly lead: RelayLead;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private draining: Promise<void> | undefined;
  private again = false;
  /** The drain under way, told of each commit. */
  private drain: RelayDrain | undefined;

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
        if (!this.lead.leading) return;
        this.drain?.notify();
        this.kick();
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
    this.stopping = false;
    await this.lead.open();
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? DEFAULT_POLL_MS);
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    await this.lead.close();
  }

  /**
   * Publishes everything in the outbox, and what commits while it does (a RelayDrain), taking the lead first if it is
   * free; returns how many events were published (0 while another relay leads). Each stream's events are published
   * one after another, so a stream's order on the bus is its order in the store even when a publish fails: its later
   * events wait for a later drain, while what other streams published is deleted. The first failure is thrown once the
   * drain's successes are deleted, and the lead is handed back.
   */
  async drainOnce(): Promise<number> {
    await this.lead.open();
    if (!(await this.lead.tryLead())) return 0;
    const drain = new RelayDrain({
      query: (statement, params) => this.lead.query(statement, params),
      publish: (subject, event, json) => publishTraced(this.publish, subject, event, json),
      deadLetter: this.options.deadLetter,
      maxPayloadBytes: this.options.maxPayloadBytes,
      limit: this.options.batchSize ?? RELAY_BATCH,
      // A relay stopping ends its drain: what is in flight settles and is deleted, the rest waits for the next lead.
      mayGoOn: () => !this.stopping,
      ...(this.options.onPublished ? { onPublished: this.options.onPublished } : {}),
    });
    this.drain = drain;
    try {
      return await drain.run();
    } catch (error) {
      await this.lead.release();
      throw error;
    } finally {
      if (this.drain === drain) this.drain = undefined;
    }
  }

  /**
   * Hands a dead-lettered row back to the relay (an operator's replay): its mark is cleared and the relay tries it
   * again on its next drain. NotFoundError when there is no such dead-lettered row (published, or never marked).
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

  /** A drain now (or right after the one under way): by the relay leading, or by one that takes the lead now. */
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
export function publishTraced(
  publish: PublishEvent,
  subject: string,
  event: EventEnvelope,
  json: string,
): Promise<void> {
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
