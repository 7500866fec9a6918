import { ComplianceEvent, complianceStreamId, toNewEvents, type EventEnvelope } from '@chargeplane/contracts-events';
import { evolvePolicy, initialPolicyState, type PolicyState } from '@chargeplane/compliance-domain';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import type { EntityManager } from 'typeorm';

/** Who caused an append: the tenant, and the request or event it answers. */
export interface AppendContext {
  tenantId: string;
  correlationId: string;
  causationId: string | null;
}

/** Read-model rows written in the append's own transaction. */
export type AlsoInTransaction = (tx: EntityManager, state: PolicyState, version: number) => Promise<void>;

/** The compliance stream of each charger (`compliance-{id}`) in the shared event store: load by folding, append with an expected version. */
export class PolicyRepository {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly ids: { uuid(): string },
  ) {}

  async load(chargerId: string): Promise<{ state: PolicyState; version: number }> {
    const envelopes = await this.store.readStream(complianceStreamId(chargerId));
    const state = envelopes.map(toEvent).reduce(evolvePolicy, initialPolicyState());
    return { state, version: envelopes.at(-1)?.streamVersion ?? 0 };
  }

  /** Appends after `expectedVersion`; a stale version throws ConcurrencyError and writes nothing. */
  async append(
    chargerId: string,
    expectedVersion: number,
    events: readonly ComplianceEvent[],
    after: PolicyState,
    context: AppendContext,
    also: AlsoInTransaction,
  ): Promise<EventEnvelope[]> {
    const envelopes = toNewEvents(chargerId, events, context, () => this.ids.uuid());
    return this.store.append(complianceStreamId(chargerId), expectedVersion, envelopes, (tx) =>
      also(tx, after, expectedVersion + events.length),
    );
  }
}

/** A stored compliance event, parsed with its contract (a malformed row is an error, never folded). */
export function toEvent(envelope: EventEnvelope): ComplianceEvent {
  return ComplianceEvent.parse({
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    data: envelope.data,
  });
}
