import type { AppendContext, ChargerRepository, Ids, WriterProjection } from '@chargeplane/charger-application';
import { evolve, initialState, type ChargerEvent, type ChargerState } from '@chargeplane/charger-domain';
import { chargerStreamId, parseChargerEvent, toNewEvents, type EventEnvelope } from '@chargeplane/contracts-events';
import {
  appendStatement,
  GroupCommitter,
  type AppendCompanion,
  type AppendRequest,
  type BatchWork,
  type PostgresEventStore,
} from '@chargeplane/platform-event-store';
import { RecentlyUsed } from '@chargeplane/platform-config';
import type { EntityManager } from 'typeorm';

/** Reads a stored envelope back as a charger event (upcast and zod-parsed: the store's JSONB is a boundary). */
export function toChargerEvent(envelope: EventEnvelope): ChargerEvent {
  return parseChargerEvent(envelope);
}

/** One charger's append, as its read models in the same transaction see it. */
export interface ChargerAppend {
  chargerId: string;
  chargerEvents: readonly ChargerEvent[];
  wakeAt: number | null;
}

/**
 * A read model the writer keeps in the events' own statement (so it can never miss or double an event): its
 * companion of the append statement, and its parameters for a batch's appends (arrays, one element per row, the
 * first naming each row's stream).
 */
export interface WriterCompanion {
  companion: AppendCompanion;
  values: (appends: readonly ChargerAppendRequest[]) => unknown[][];
}

/** How many chargers' folded states a repository keeps (least recently used dropped first). */
const FOLDED_STATES = 10_000;

export type ChargerAppendRequest = AppendRequest & ChargerAppend;

/** The stream version an append leaves its charger at. */
const versionAfter = (a: ChargerAppendRequest) => a.expectedVersion + a.events.length;
const wakeDate = (a: ChargerAppendRequest) => (a.wakeAt === null ? null : new Date(a.wakeAt));

/**
 * Each appended charger's next wake-up, kept by every append. A charger registered by the append has no directory
 * row yet: its row is inserted with its wake-up (`registerNew`).
 */
const WAKE: WriterCompanion = {
  companion: {
    name: 'wake',
    types: ['text[]', 'text[]', 'timestamptz[]', 'int[]'],
    sql: ([streams, chargers, wakes, versions]) =>
      `UPDATE chargers SET wake_at = w.wake_at, wake_version = w.version
         FROM unnest(${streams}, ${chargers}, ${wakes}, ${versions}) AS w(stream_id, charger_id, wake_at, version)
        WHERE chargers.charger_id = w.charger_id AND w.stream_id IN (SELECT stream_id FROM written)`,
  },
  values: (appends) => [
    appends.map((a) => a.streamId),
    appends.map((a) => a.chargerId),
    appends.map(wakeDate),
    appends.map(versionAfter),
  ],
};

/**
 * The charger aggregate's streams in the event store, with the directory rows kept in the same transaction.
 * Appends arriving together (a bulk assignment, a burst of charger answers) are group-committed.
 */
export class PostgresChargerRepository implements ChargerRepository {
  /**
   * The folded state of recently used streams and the version it is at. A stream only ever grows (events are
   * never changed or removed, versions are dense), so a cached state is a true prefix of the stream; this
   * repository's own appends extend it. A load trusts it: if another process has appended meanwhile, the next
   * append here fails its version check, the entry is dropped, and the command is decided again on a fresh
   * read (the service retries ConcurrencyError). `fresh` loads read whatever follows the cached version first.
   */
  readonly #folded = new RecentlyUsed<string, { state: ChargerState; version: number }>(FOLDED_STATES);
  readonly #commits: GroupCommitter<ChargerAppendRequest>;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly ids: Ids,
    projections: readonly WriterCompanion[],
    /** Told of each append's events once they are committed (metrics). */
    private readonly onStored: (stored: readonly EventEnvelope[]) => void = () => undefined,
  ) {
    const companions = [WAKE, ...projections];
    const statement = appendStatement(companions.map((c) => c.companion));
    this.#commits = new GroupCommitter(store, (batch): BatchWork<ChargerAppendRequest> => ({
      with: { statement, values: companions.map((c) => c.values(batch)) },
      // Only a registration or a new credential hash needs more than the append statement (a transaction).
      ...(batch.some(changesDirectory) ? { also: updateDirectory } : {}),
    }));
  }

  async load(chargerId: string, options: { fresh?: boolean } = {}): Promise<{ state: ChargerState; version: number }> {
    const known = this.#folded.get(chargerId);
    if (known && !options.fresh) return this.#remember(chargerId, known);
    const envelopes = await this.store.readStream(chargerStreamId(chargerId), (known?.version ?? 0) + 1);
    const state = envelopes.map(toChargerEvent).reduce(evolve, known?.state ?? { ...initialState(), chargerId });
    return this.#remember(chargerId, { state, version: envelopes.at(-1)?.streamVersion ?? known?.version ?? 0 });
  }

  expectNew(chargerIds: readonly string[]): void {
    for (const chargerId of chargerIds)
      if (!this.#folded.has(chargerId))
        this.#remember(chargerId, { state: { ...initialState(), chargerId }, version: 0 });
  }

  async append(
    chargerId: string,
    expectedVersion: number,
    events: readonly ChargerEvent[],
    context: AppendContext,
    projection: WriterProjection,
  ): Promise<EventEnvelope[]> {
    const envelopes = toNewEvents(chargerId, events, context, () => this.ids.uuid());
    const streamId = chargerStreamId(chargerId);
    try {
      const stored = await this.#commits.append({
        streamId,
        expectedVersion,
        events: envelopes,
        chargerId,
        chargerEvents: events,
        wakeAt: projection.wakeAt,
      });
      this.onStored(stored);
      const known = this.#folded.get(chargerId);
      if (known?.version === expectedVersion) {
        // Folded from the stored envelopes, exactly as a later read of the stream would fold them.
        const state = stored.map(toChargerEvent).reduce(evolve, known.state);
        this.#remember(chargerId, { state, version: expectedVersion + stored.length });
      } else this.#folded.delete(chargerId);
      return stored;
    } catch (error) {
      this.#folded.delete(chargerId);
      throw error;
    }
  }

  #remember(chargerId: string, loaded: { state: ChargerState; version: number }) {
    this.#folded.set(chargerId, loaded);
    return loaded;
  }
}

/** Whether an append changes the charger directory beyond its wake-up (a registration, a new credential hash). */
function changesDirectory({ chargerEvents }: ChargerAppend): boolean {
  return chargerEvents.some((e) => e.type === 'ChargerRegistered' || e.type === 'ChargerCredentialsRehashed');
}

/** In the appends' transaction, after the append statement: the directory rows these appends create or change. */
async function updateDirectory(tx: EntityManager, appends: readonly ChargerAppendRequest[]): Promise<void> {
  await registerNew(tx, appends);
  await storeRehashedCredentials(tx, appends);
}

/** The directory rows of chargers registered by these appends, with their wake-up (one statement, however many). */
async function registerNew(tx: EntityManager, appends: readonly ChargerAppendRequest[]): Promise<void> {
  const rows = appends.flatMap((append) => {
    const registration = append.chargerEvents.find((e) => e.type === 'ChargerRegistered');
    return registration ? [{ append, ...registration.data }] : [];
  });
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO chargers (charger_id, tenant_id, model, credentials_hash, tags, wake_at, wake_version)
     SELECT r.charger_id, r.tenant_id, r.model, r.credentials_hash, ARRAY(SELECT jsonb_array_elements_text(r.tags)),
            r.wake_at, r.wake_version
       FROM jsonb_to_recordset($1::jsonb) AS r(charger_id text, tenant_id text, model text, credentials_hash text,
                                               tags jsonb, wake_at timestamptz, wake_version integer)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          charger_id: r.append.chargerId,
          tenant_id: r.tenantId,
          model: r.model,
          credentials_hash: r.credentialsHash,
          tags: r.tags,
          wake_at: wakeDate(r.append),
          wake_version: versionAfter(r.append),
        })),
      ),
    ],
  );
}

/** The directory's credential hash of chargers whose key these appends stored anew (decision 0007). */
async function storeRehashedCredentials(tx: EntityManager, appends: readonly ChargerAppend[]): Promise<void> {
  const rehashed = appends.flatMap(({ chargerId, chargerEvents }) =>
    chargerEvents.flatMap((e) =>
      e.type === 'ChargerCredentialsRehashed' ? [[chargerId, e.data.credentialsHash]] : [],
    ),
  );
  if (rehashed.length === 0) return;
  await tx.query(
    `UPDATE chargers SET credentials_hash = r.hash
       FROM unnest($1::text[], $2::text[]) AS r(charger_id, hash) WHERE chargers.charger_id = r.charger_id`,
    [rehashed.map(([id]) => id), rehashed.map(([, hash]) => hash)],
  );
}
