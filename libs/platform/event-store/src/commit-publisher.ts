import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { DataSource } from 'typeorm';
import { CLAIM_SECONDS } from './append-statement.js';
import { publishTraced, type PublishEvent } from './outbox-relay.js';
import { messageBytes } from './outbox-rows.js';
import type { CommittedEvent, PublishOnCommit } from './postgres-event-store.js';
import { preparedStatement, queryPrepared } from './prepared-statement.js';
import { OUTBOX_CHANNEL } from './relay-lead.js';

/** Rows published on commit, deleted together (the writer's counterpart of the relay's delete). */
const DELETE_PUBLISHED = preparedStatement(
  'chargeplane_outbox_published_on_commit',
  `DELETE FROM outbox WHERE stream_id = ANY($1::text[]) AND event_id = ANY($2::uuid[])`,
);
/** Claims handed back to the relay, which is woken to publish them. */
const RELEASE = preparedStatement(
  'chargeplane_outbox_release',
  `WITH released AS (
     UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
      WHERE stream_id = ANY($1::text[]) AND event_id = ANY($2::uuid[]) RETURNING 1)
   SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT count(*) FROM released) AS r`,
);

/**
 * A claim is given back this long before it lapses: once it has lapsed the relay may publish the same event, which the
 * bus drops as a duplicate, so a publish that late is only wasted work.
 */
const CLAIM_MARGIN_MS = 2_000;
/**
 * Published rows wait this long to be deleted together: during a push one DELETE carries a few hundred rows instead of
 * a few. Nothing waits on the delete (a later append of the stream finds this writer's own claims and goes on).
 */
const DELETE_AFTER_MS = 10;
/** Streams whose last published version this writer remembers, when nothing of theirs is in hand. */
const REMEMBERED_STREAMS = 20_000;

export interface CommitPublisherOptions {
  /** This writer's instance (unique per process start): the claimant named on its outbox rows. */
  claimant: string;
  /** The largest message the bus carries (NATS's max_payload). */
  maxPayloadBytes: () => number;
  /** Milliseconds since the epoch (injected in specs). */
  now?: () => number;
  /** Told of each event once the bus has it (the relay's `onPublished`). */
  onPublished?: (event: EventEnvelope) => void;
  /** A publish, delete or release that failed (the relay publishes what it leaves behind). */
  onError?: (error: unknown) => void;
}

/** One stream's events this writer publishes, one after another in version order. */
interface StreamChain {
  tail: Promise<void>;
  /** The stream's last version this writer knows is on the bus. */
  last: number | undefined;
  /** Events handed over and not yet deleted or released. */
  pending: number;
}

interface Settled {
  streamId: string;
  eventId: string;
}

/**
 * Publish on commit (decision 0014, docs/architecture.md §5): the writer publishes the events of its append itself,
 * right after the commit, where the relay would first have to be woken and read them back. Their outbox rows stay
 * the durable promise: claimed for this writer for `CLAIM_SECONDS`, deleted once published, handed back to the
 * relay (released) when this writer cannot publish them, and published by the relay anyway once a claim lapses (a
 * writer that crashed).
 *
 * Order is the rule: an event goes on the bus only after its stream's previous version is there. The append
 * claims a stream's rows only when its outbox holds nothing but this writer's own live claims; an event is published
 * here only when its stream's outbox held nothing (`fresh`, the first event of its append) or this writer published
 * the version just before it; anything else (a failed publish, an event too large for the bus, a claim about to
 * lapse) is released, and the stream's later events here are released behind it. The relay passes a live claim by
 * and every later row of its stream. A re-publish (the relay after a lapsed claim) is dropped by event id.
 */
export class CommitPublisher implements PublishOnCommit {
  readonly #chains = new Map<string, StreamChain>();
  #deletes: Settled[] = [];
  #releases: Settled[] = [];
  #flushing: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly publish: PublishEvent,
    private readonly options: CommitPublisherOptions,
  ) {}

  get claimant(): string {
    return this.options.claimant;
  }

  committed(events: readonly CommittedEvent[]): void {
    if (this.#stopped) return; // their claims lapse and the relay publishes them
    const deadline = this.#now() + CLAIM_SECONDS * 1000 - CLAIM_MARGIN_MS;
    const started = new Set<string>();
    for (const committed of events) {
      if (!committed.claimed) continue;
      const streamId = committed.event.streamId;
      const start = committed.fresh && !started.has(streamId);
      started.add(streamId);
      const chain = this.#chains.get(streamId) ?? { tail: Promise.resolve(), last: undefined, pending: 0 };
      // Most recently used last: the oldest idle ones are forgotten first.
      this.#chains.delete(streamId);
      this.#chains.set(streamId, chain);
      chain.pending++;
      chain.tail = chain.tail.then(() => this.#settle(chain, committed, start, deadline));
    }
  }

  /** Waits for every publish, delete and release under way; what commits after this is left to the relay. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#chains.values()].map((c) => c.tail));
    while (this.#flushing) await this.#flushing;
  }

  /** Publishes one event after its stream's previous one, or hands it back to the relay; never throws. */
  async #settle(chain: StreamChain, committed: CommittedEvent, start: boolean, deadline: number): Promise<void> {
    const { event } = committed;
    if (start) chain.last = event.streamVersion - 1;
    const settled = { streamId: event.streamId, eventId: event.id };
    const json = JSON.stringify(event);
    const publishable =
      chain.last === event.streamVersion - 1 &&
      this.#now() < deadline &&
      messageBytes(json) <= this.options.maxPayloadBytes();
    if (publishable) {
      try {
        await publishTraced(this.publish, committed.subject, event, json);
        chain.last = event.streamVersion;
        this.options.onPublished?.(event);
        return this.#queue(this.#deletes, settled);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    chain.last = undefined;
    this.#queue(this.#releases, settled);
  }

  #queue(into: Settled[], settled: Settled): void {
    into.push(settled);
    this.#startFlush();
  }

  /** A flush unless one is under way; one that ends with rows queued after its last round starts the next. */
  #startFlush(): void {
    if (this.#flushing) return;
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      if (this.#deletes.length > 0 || this.#releases.length > 0) this.#startFlush();
    });
  }

  /**
   * Deletes and releases what settled, a statement each per round, until nothing is left. A release goes at once (the
   * relay waits for it); a round with deletes only waits `DELETE_AFTER_MS` for more to join it.
   */
  async #flush(): Promise<void> {
    while (this.#deletes.length > 0 || this.#releases.length > 0) {
      const wait = this.#releases.length > 0 || this.#stopped ? 0 : DELETE_AFTER_MS;
      await new Promise<void>((resolve) => setTimeout(resolve, wait));
      const deletes = this.#deletes.splice(0);
      const releases = this.#releases.splice(0);
      await Promise.all([this.#run(DELETE_PUBLISHED, deletes), this.#run(RELEASE, releases)]);
      for (const { streamId } of [...deletes, ...releases]) {
        const chain = this.#chains.get(streamId);
        if (chain) chain.pending--;
      }
      this.#forgetIdle();
    }
  }

  /** Forgets the least recently used streams with nothing in hand, beyond `REMEMBERED_STREAMS`. */
  #forgetIdle(): void {
    let excess = this.#chains.size - REMEMBERED_STREAMS;
    for (const [streamId, chain] of this.#chains) {
      if (excess <= 0) return;
      if (chain.pending > 0) continue;
      this.#chains.delete(streamId);
      excess--;
    }
  }

  /** One statement over `rows`; a failure is told and the claims lapse, after which the relay publishes them. */
  async #run(statement: typeof DELETE_PUBLISHED, rows: readonly Settled[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await queryPrepared(this.db, statement, [rows.map((r) => r.streamId), rows.map((r) => r.eventId)]);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
