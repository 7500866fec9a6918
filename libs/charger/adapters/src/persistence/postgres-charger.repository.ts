import type { AppendContext, ChargerRepository, Ids, WriterProjection } from '@chargeplane/charger-application';
import { evolve, initialState, type ChargerEvent, type ChargerState } from '@chargeplane/charger-domain';
import { chargerStreamId, parseChargerEvent, toNewEvents, type EventEnvelope } from '@chargeplane/contracts-events';
import {
  GroupCommitter,
  preparedStatement,
  queryPrepared,
  type AppendRequest,
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

/** A read model the writer keeps in the events' own transaction (so it can never miss or double an event). */
export type InTransactionProjection = (tx: EntityManager, appends: readonly ChargerAppend[]) => Promise<void>;

/** How many chargers' folded states a repository keeps (least recently used dropped first). */
const FOLDED_STATES = 10_000;

type ChargerAppendRequest = AppendRequest & ChargerAppend;

/** Each appended charger's next wake-up, in every append's transaction (prepared: it runs with every append). */
const WAKE_UPDATE = preparedStatement(
  'chargeplane_charger_wake',
  `UPDATE chargers SET wake_at = w.wake_at, wake_version = w.version
     FROM unnest($1::text[], $2::timestamptz[], $3::int[]) AS w(charger_id, wake_at, version)
    WHERE chargers.charger_id = w.charger_id`,
);

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
    projections: readonly InTransactionProjection[],
    /** Told of each append's events once they are committed (metrics). */
    private readonly onStored: (stored: readonly EventEnvelope[]) => void = () => undefined,
  ) {
    this.#commits = new GroupCommitter(store, async (tx, appends) => {
      await registerNew(tx, appends);
      await storeRehashedCredentials(tx, appends);
      await queryPrepared(tx, WAKE_UPDATE, [
        appends.map((a) => a.chargerId),
        appends.map((a) => (a.wakeAt === null ? null : new Date(a.wakeAt))),
        appends.map((a) => a.expectedVersion + a.events.length),
      ]);
      for (const project of projections) await project(tx, appends);
    });
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

/** The directory rows of chargers registered by these appends (one statement, however many). */
async function registerNew(tx: EntityManager, appends: readonly ChargerAppend[]): Promise<void> {
  const rows = appends.flatMap(({ chargerId, chargerEvents }) => {
    const registration = chargerEvents.find((e) => e.type === 'ChargerRegistered');
    return registration ? [{ chargerId, ...registration.data }] : [];
  });
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO chargers (charger_id, tenant_id, model, credentials_hash, tags)
     SELECT r.charger_id, r.tenant_id, r.model, r.credentials_hash, ARRAY(SELECT jsonb_array_elements_text(r.tags))
       FROM jsonb_to_recordset($1::jsonb) AS r(charger_id text, tenant_id text, model text, credentials_hash text, tags jsonb)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          charger_id: r.chargerId,
          tenant_id: r.tenantId,
          model: r.model,
          credentials_hash: r.credentialsHash,
          tags: r.tags,
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
