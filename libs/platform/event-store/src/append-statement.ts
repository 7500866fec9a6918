import { COLUMNS, UTC_TEXT } from './event-rows.js';
import { preparedStatement, type PreparedStatement } from './prepared-statement.js';
import { OUTBOX_CHANNEL } from './relay-lead.js';

/** How long a writer's claim on the rows it publishes on commit holds the relay off them (decision 0014). */
export const CLAIM_SECONDS = 10;

/**
 * A writer's own rows, kept by the append statement itself: a data-modifying CTE of it, so the events, their outbox
 * rows and these rows are one statement, atomic without a transaction of their own (decision 0013). Its rows come
 * as array parameters, one element per row (`unnest` of arrays is planned for their real length, where a JSON
 * record set is always guessed at 100 rows), one of them naming each row's stream: only rows of streams whose events
 * the statement writes may be kept (a stale request writes nothing). The CTE `written` holds those (`stream_id`).
 */
export interface AppendCompanion {
  /** Names the CTE and the statement's variant: lower-case letters and underscores. */
  readonly name: string;
  /** Its parameters' SQL array types, in order (e.g. `text[]`, `timestamptz[]`). */
  readonly types: readonly string[];
  /**
   * The data-modifying statement (an INSERT or UPDATE, no RETURNING needed) over its parameters (their SQL, `$n::type`,
   * in the order of `types`). It never sees what the append inserts (one snapshot for the whole statement).
   */
  readonly sql: (params: readonly string[]) => string;
}

/** The append statement with its companions, in the order their rows are given. */
export interface AppendStatement {
  readonly statement: PreparedStatement;
  readonly companions: readonly AppendCompanion[];
}

const NAME = /^[a-z_]+$/;

/**
 * The append statement: the events of the requests whose stream is at their expected version, in request order,
 * with an outbox row each, each companion's rows of those streams, and the relay woken (NOTIFY is delivered at
 * commit) when a row is left to it.
 *
 * `$3` names the writer when it publishes on commit (decision 0014), or is null: the rows of a stream whose outbox
 * holds nothing but this writer's own live claims are claimed for it for `CLAIM_SECONDS` (`claimed`), and `fresh`
 * says the stream's outbox held nothing at all (everything before is on the bus). Dead-lettered rows never hold a
 * stream back, as they never hold the relay.
 *
 * The outbox payload is the stored envelope, built from the inserted row as `toEnvelope` builds it (instants as UTC
 * text with milliseconds, the text `Date#toISOString` gives for the same stored value); each row's subject is looked
 * up by its event id in `$2`. The outbox rows come from the inserted rows alone: a join of two CTE
 * results has no statistics and was planned as a nested loop (560,000 comparisons for a batch of 750 events).
 * Prepared: its parse and plan cost more than running it for a lone append.
 */
export function appendStatement(companions: readonly AppendCompanion[] = []): AppendStatement {
  for (const c of companions) if (!NAME.test(c.name)) throw new Error(`companion name "${c.name}" is not [a-z_]+`);
  const names = companions.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`companion names repeat: ${names.join(', ')}`);
  let next = 4;
  const kept = companions
    .map((c) => `,\n   companion_${c.name} AS (${c.sql(c.types.map((type) => `$${next++}::${type}`))})`)
    .join('');
  const text = `WITH r AS (
     SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (event_id uuid, stream_id text,
            expected_version integer, stream_version integer, type text, schema_version integer, data jsonb,
            metadata jsonb, occurred_at timestamptz))
            WITH ORDINALITY AS r(event_id, stream_id, expected_version, stream_version, type, schema_version,
                                 data, metadata, occurred_at, ord)),
   head AS (
     SELECT s.stream_id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = s.stream_id) AS version
       FROM (SELECT DISTINCT stream_id FROM r) AS s),
   fresh AS (
     SELECT r.* FROM r JOIN head h USING (stream_id) WHERE coalesce(h.version, 0) = r.expected_version),
   written AS (SELECT DISTINCT stream_id FROM fresh),
   ahead AS (
     SELECT o.stream_id, bool_and(coalesce(o.claimed_by = $3::text AND o.claimed_until > now(), false)) AS own
       FROM outbox o
      WHERE $3::text IS NOT NULL AND o.dead_lettered_at IS NULL
        AND o.stream_id = ANY(ARRAY(SELECT stream_id FROM written))
      GROUP BY o.stream_id),
   inserted AS (
     INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
     SELECT event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at
       FROM fresh ORDER BY ord
     RETURNING ${COLUMNS}),
   queued AS (
     INSERT INTO outbox (event_id, subject, claimed_by, claimed_until, payload)
     SELECT i.event_id::uuid, $2::jsonb->>i.event_id, c.claimant,
            CASE WHEN c.claimant IS NOT NULL THEN now() + interval '${CLAIM_SECONDS} seconds' END,
            jsonb_build_object('id', i.event_id, 'type', i.type, 'schemaVersion', i.schema_version,
              'streamId', i.stream_id, 'streamVersion', i.stream_version,
              'tenantId', i.metadata->'tenantId', 'chargerId', i.metadata->'chargerId',
              'correlationId', i.metadata->'correlationId', 'causationId', i.metadata->'causationId',
              'occurredAt', ${UTC_TEXT('i.occurred_at')}, 'recordedAt', ${UTC_TEXT('i.recorded_at')},
              'data', i.data)
            || CASE WHEN i.metadata ? 'trace' THEN jsonb_build_object('trace', i.metadata->'trace')
                    ELSE '{}'::jsonb END
       FROM inserted i
       CROSS JOIN LATERAL (SELECT CASE WHEN i.stream_id <> ALL(ARRAY(SELECT stream_id FROM ahead WHERE NOT own))
                                       THEN $3::text END AS claimant) AS c
      ORDER BY i.global_position::bigint
     RETURNING claimed_by IS NULL AS unclaimed)${kept},
   woken AS (
     SELECT count(*) AS n FROM (
       SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM queued WHERE unclaimed LIMIT 1) AS notified)
   SELECT inserted.*,
          $3::text IS NOT NULL AND inserted.stream_id <> ALL(ARRAY(SELECT stream_id FROM ahead WHERE NOT own)) AS claimed,
          inserted.stream_id <> ALL(ARRAY(SELECT stream_id FROM ahead)) AS fresh
     FROM inserted, woken`;
  const name = `chargeplane_event_append${names.map((n) => `_${n}`).join('')}`;
  return { statement: preparedStatement(name, text), companions };
}
