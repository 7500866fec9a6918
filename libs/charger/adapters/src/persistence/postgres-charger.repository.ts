import type { AppendContext, ChargerRepository, Ids, WriterProjection } from '@chargeplane/charger-application';
import { ChargerEvent, evolve, initialState, type ChargerState } from '@chargeplane/charger-domain';
import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import type { EntityManager } from 'typeorm';

/** Reads a stored envelope back as a charger event (zod-parsed: the store's JSONB is a boundary). */
export function toChargerEvent(envelope: EventEnvelope): ChargerEvent {
  return ChargerEvent.parse({
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    data: envelope.data,
  });
}

/** A read model the writer keeps in the events' own transaction (so it can never miss or double an event). */
export type InTransactionProjection = (
  tx: EntityManager,
  chargerId: string,
  events: readonly ChargerEvent[],
) => Promise<void>;

/** How many chargers' folded states a repository keeps (least recently loaded dropped first). */
const FOLDED_STATES = 10_000;

/** The charger aggregate's stream in the event store, with the directory row kept in the same transaction. */
export class PostgresChargerRepository implements ChargerRepository {
  /**
   * The state folded from versions 1..version of recently loaded streams. A stream only ever grows (events are
   * never changed or removed, versions are dense), so such a prefix stays true: a load reads and folds just the
   * events after it instead of the whole history again. `evolve` is pure, so a cached state is never altered.
   */
  readonly #folded = new Map<string, { state: ChargerState; version: number }>();

  constructor(
    private readonly store: PostgresEventStore,
    private readonly ids: Ids,
    private readonly projections: readonly InTransactionProjection[],
  ) {}

  async load(chargerId: string): Promise<{ state: ChargerState; version: number }> {
    const known = this.#folded.get(chargerId);
    const envelopes = await this.store.readStream(chargerStreamId(chargerId), (known?.version ?? 0) + 1);
    const state = envelopes.map(toChargerEvent).reduce(evolve, known?.state ?? { ...initialState(), chargerId });
    const loaded = { state, version: envelopes.at(-1)?.streamVersion ?? known?.version ?? 0 };
    this.#folded.delete(chargerId);
    this.#folded.set(chargerId, loaded);
    const oldest = this.#folded.keys().next().value;
    if (this.#folded.size > FOLDED_STATES && oldest !== undefined) this.#folded.delete(oldest);
    return loaded;
  }

  append(
    chargerId: string,
    expectedVersion: number,
    events: readonly ChargerEvent[],
    context: AppendContext,
    projection: WriterProjection,
  ): Promise<EventEnvelope[]> {
    const envelopes = events.map((e) => ({
      id: this.ids.uuid(),
      type: e.type,
      schemaVersion: e.schemaVersion,
      tenantId: context.tenantId,
      chargerId,
      occurredAt: e.occurredAt,
      correlationId: context.correlationId,
      causationId: context.causationId,
      data: e.data as Record<string, unknown>,
    }));
    const registration = events.find((e) => e.type === 'ChargerRegistered');
    return this.store.append(chargerStreamId(chargerId), expectedVersion, envelopes, async (tx) => {
      if (registration) {
        const d = registration.data;
        await tx.query(
          `INSERT INTO chargers (charger_id, tenant_id, model, credentials_hash, tags) VALUES ($1, $2, $3, $4, $5)`,
          [chargerId, d.tenantId, d.model, d.credentialsHash, d.tags],
        );
      }
      await tx.query(`UPDATE chargers SET wake_at = $2 WHERE charger_id = $1`, [
        chargerId,
        projection.wakeAt === null ? null : new Date(projection.wakeAt),
      ]);
      for (const project of this.projections) await project(tx, chargerId, events);
    });
  }
}
