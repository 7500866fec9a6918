import { ConcurrencyError } from '@chargeplane/contracts-api';
import type { EventEnvelope, NewEvent } from '@chargeplane/contracts-events';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { appendStatement, type AppendStatement } from './append-statement.js';
import { COLUMNS, LOG_COLUMNS, logEnvelope, toEnvelope } from './event-rows.js';
import { queryPrepared } from './prepared-statement.js';
import { withTraceContext } from './trace-stamp.js';

/** Position in the whole log: ordered by (transaction id, global position), safe against out-of-order commits. */
export interface LogCursor {
  transactionId: string;
  position: string;
}

/** Extra work done in the append's transaction (idempotency records, read-model rows of the writer). */
export type InTransaction = (tx: EntityManager) => Promise<void>;

/** One stream's part of a batch append. */
export interface AppendRequest {
  streamId: string;
  expectedVersion: number;
  events: readonly NewEvent[];
}

/** Where each appended event goes on the bus (subject, without any run prefix); decided before the store records it. */
export type SubjectFor = (event: Omit<EventEnvelope, 'recordedAt'>) => string;

// Casts keep the column names, and ORDER BY prefers output names: every ORDER BY below names the table's
// columns (events.x) so that numbers are never sorted as text.
const StreamVersions = z.array(z.object({ stream_id: z.string(), version: z.number() }));

/** The append statement without companions (an event store's own appends). */
const PLAIN = appendStatement();

/**
 * What a batch writes besides its events: companion rows the append statement keeps (`values`: each companion's
 * parameters in its order, each an array with one element per row; only rows of written streams are kept), and
 * `also`, work that needs a transaction around the statement (then three round trips and `also`'s, instead of one).
 */
export interface BatchWork<R extends AppendRequest> {
  with?: { statement: AppendStatement; values: readonly (readonly (readonly unknown[])[])[] };
  also?: (tx: EntityManager, accepted: readonly R[]) => Promise<void>;
}

/** An event as its append committed it, for the writer that publishes on commit (decision 0014). */
export interface CommittedEvent {
  event: EventEnvelope;
  /** Its subject on the bus (without any run prefix), as its outbox row has it. */
  subject: string;
  /** Its outbox row is claimed for this writer: the relay leaves it alone until the claim lapses. */
  claimed: boolean;
  /** Its stream's outbox held nothing before this append: every earlier event of the stream is on the bus. */
  fresh: boolean;
}

/** The writer's side of publish on commit: who claims, and what to publish once an append committed. */
export interface PublishOnCommit {
  /** This writer's instance, named on the outbox rows it claims. */
  readonly claimant: string;
  /** Told once an append committed, with its events in stream order; never throws. */
  committed(events: readonly CommittedEvent[]): void;
}

/** Event store on PostgreSQL: append with an expected version, read a stream, read the whole log. */
export class PostgresEventStore {
  constructor(
    private readonly db: DataSource,
    private readonly subjectFor: SubjectFor,
    private readonly onCommit?: PublishOnCommit,
  ) {}

  /**
   * Appends events after `expectedVersion` (0 for a new stream) with their outbox rows, in one
   * transaction. A stale expected version throws ConcurrencyError and writes nothing.
   */
  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    also?: InTransaction,
  ): Promise<EventEnvelope[]> {
    const traced = withTraceContext(events);
    const [outcome] = await this.appendBatch(
      [{ streamId, expectedVersion, events: traced }],
      also ? { also: (tx) => also(tx) } : {},
    );
    if (outcome instanceof Error) throw outcome;
    return outcome ?? [];
  }

  /**
   * Appends to several streams at once (a group commit): one statement whatever the batch's size, or START, the
   * statement, `work.also`'s and COMMIT when there is `also`. The append statement checks each request against its
   * stream's version, inserts the events of those that pass with their outbox rows and `work.with`'s companion rows,
   * and wakes the relay; a stale request gets a ConcurrencyError in its place of the answer and is left out, the
   * others are written. `also` runs in the transaction with the requests that passed, after their events are
   * inserted. Each stream at most once per batch. If the statement fails as a whole (a concurrent writer won the race
   * on the unique version), the whole batch throws — nothing of it is written.
   */
  async appendBatch<R extends AppendRequest>(
    requests: readonly R[],
    work: BatchWork<R> = {},
  ): Promise<(EventEnvelope[] | ConcurrencyError)[]> {
    const streamIds = requests.map((r) => r.streamId);
    if (new Set(streamIds).size !== streamIds.length)
      throw new Error('appendBatch: a stream appears twice in one batch');
    const { also } = work;
    try {
      const { stored, committed } = also
        ? await this.db.transaction(async (tx) => {
            const inserted = await this.insert(tx, requests, { with: work.with });
            const accepted = requests.filter((r) => isWritten(r, inserted.stored));
            if (accepted.length > 0) await also(tx, accepted);
            return inserted;
          })
        : await this.insert(this.db, requests, { with: work.with });
      if (committed.length > 0) this.onCommit?.committed(committed);
      const stale = requests.filter((r) => r.events.length > 0 && !isWritten(r, stored));
      const current = stale.length > 0 ? await this.versions(stale) : new Map<string, number>();
      return requests.map((r) => {
        if (r.events.length === 0) return [];
        if (!isWritten(r, stored))
          return new ConcurrencyError(r.streamId, r.expectedVersion, current.get(r.streamId) ?? 0);
        return r.events.map((e) => stored.get(e.id) as EventEnvelope);
      });
    } catch (error) {
      throw requests.length === 1 && requests[0]
        ? this.mapError(error, requests[0].streamId, requests[0].expectedVersion)
        : this.mapError(error, '(batch)', -1);
    }
  }

  /** The current version of each stream of `requests` (only asked when one of them was stale). */
  private async versions(requests: readonly AppendRequest[]): Promise<Map<string, number>> {
    const rows = StreamVersions.parse(
      await this.db.query(
        `SELECT stream_id, max(stream_version)::int AS version FROM events
          WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
        [requests.map((r) => r.streamId)],
      ),
    );
    return new Map(rows.map((r) => [r.stream_id, r.version]));
  }

  /**
   * Runs the append statement for `requests` (with `work.with`'s companions) in the transaction `on` or on its own:
   * returns the stored envelopes by event id (a request whose events are not among them was stale), and the events
   * for publish on commit in the order stored.
   */
  private async insert(
    on: DataSource | EntityManager,
    requests: readonly AppendRequest[],
    work: Pick<BatchWork<AppendRequest>, 'with'>,
  ): Promise<{ stored: Map<string, EventEnvelope>; committed: CommittedEvent[] }> {
    const stored = new Map<string, EventEnvelope>();
    const committed: CommittedEvent[] = [];
    const subjects: [string, string][] = [];
    const records = requests.flatMap((r) =>
      r.events.map((event, i) => {
        const streamVersion = r.expectedVersion + i + 1;
        subjects.push([event.id, this.subjectFor({ ...event, streamId: r.streamId, streamVersion })]);
        return {
          event_id: event.id,
          stream_id: r.streamId,
          expected_version: r.expectedVersion,
          stream_version: streamVersion,
          type: event.type,
          schema_version: event.schemaVersion,
          data: event.data,
          metadata: {
            tenantId: event.tenantId,
            chargerId: event.chargerId,
            correlationId: event.correlationId,
            causationId: event.causationId,
            ...(event.trace ? { trace: event.trace } : {}),
          },
          occurred_at: event.occurredAt,
        };
      }),
    );
    if (records.length === 0) return { stored, committed };
    const { statement, values } = work.with ?? { statement: PLAIN, values: [] };
    const expected = statement.companions.map((c) => c.types.length);
    if (values.length !== expected.length || values.some((v, i) => v.length !== expected[i]))
      throw new Error(`append: companion parameters ${values.map((v) => v.length)} for ${expected} expected`);
    const rows = await queryPrepared(on, statement.statement, [
      JSON.stringify(records),
      JSON.stringify(Object.fromEntries(subjects)),
      this.onCommit?.claimant ?? null,
      ...values.flat(),
    ]);
    const subjectOf = this.onCommit ? new Map(subjects) : undefined;
    for (const row of rows) {
      const envelope = toEnvelope(row);
      stored.set(envelope.id, envelope);
      if (subjectOf)
        committed.push({ event: envelope, subject: subjectOf.get(envelope.id) as string, ...claimOf(row) });
    }
    // Each stream's events in version order, whatever order the statement returned them in.
    committed.sort((a, b) => a.event.streamVersion - b.event.streamVersion);
    return { stored, committed };
  }

  /** The stream's events from `fromVersion` (inclusive), in version order. */
  async readStream(streamId: string, fromVersion = 1): Promise<EventEnvelope[]> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY events.stream_version`,
      [streamId, fromVersion],
    )) as unknown[];
    return rows.map(toEnvelope);
  }

  /** The stream's current version (0: no events), from the (stream_id, stream_version) index alone. */
  async streamVersion(streamId: string): Promise<number> {
    const rows = (await this.db.query(`SELECT max(stream_version) AS version FROM events WHERE stream_id = $1`, [
      streamId,
    ])) as { version: number | null }[];
    return rows[0]?.version ?? 0;
  }

  /**
   * Events after `cursor` in (transaction id, position) order, only from transactions older than every
   * transaction still in progress: a later read never finds an event before a cursor it already passed.
   */
  async readAll(
    cursor: LogCursor | null,
    limit = 1000,
  ): Promise<{ events: EventEnvelope[]; cursor: LogCursor | null }> {
    const after = cursor ?? { transactionId: '0', position: '0' };
    const rows = (await this.db.query(
      `SELECT ${LOG_COLUMNS} FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
        ORDER BY events.transaction_id, events.global_position LIMIT $3`,
      [after.transactionId, after.position, limit],
    )) as { transaction_id: string; global_position: string }[];
    const last = rows.at(-1);
    return {
      events: rows.map(logEnvelope),
      cursor: last ? { transactionId: last.transaction_id, position: last.global_position } : cursor,
    };
  }

  private mapError(error: unknown, streamId: string, expectedVersion: number): unknown {
    const driver =
      error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
    if (driver?.code === '23505' && driver.constraint === 'uq_events_stream_version') {
      return new ConcurrencyError(streamId, expectedVersion, null);
    }
    return error;
  }
}

const Claim = z.object({ claimed: z.boolean(), fresh: z.boolean() });

/** What the append statement says of a row's outbox claim. */
function claimOf(row: unknown): { claimed: boolean; fresh: boolean } {
  return Claim.parse(row);
}

/** Whether the statement wrote the request's events (its first event is among those stored). */
function isWritten(request: AppendRequest, stored: ReadonlyMap<string, EventEnvelope>): boolean {
  return request.events.length > 0 && stored.has((request.events[0] as NewEvent).id);
}
