import type { Twin, TwinListRequest, TwinPage } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { ChargerEventLog, RequestContext, TwinViews } from '../ports.js';
import type { ChargerOwnership } from './charger-ownership.js';

/** A charger resource and the version of the charger's stream it is tagged with (its ETag). */
export interface VersionedView<T> {
  view: T;
  /** The charger stream's version now, not the view's: an If-Match with it is never falsely stale. */
  version: number;
}

export interface ChargerProfilesView {
  chargerId: string;
  items: Twin['profiles'];
  slots: Twin['slots'];
  writeBudget: Twin['writeBudget'];
}

/** What stands in the history for a stored credential hash: the API never shows one, not even to its tenant. */
export const REDACTED_CREDENTIALS = 'redacted';

/** An event of the charger's history as a tenant may read it: every credential hash replaced (decision 0007). */
function withoutCredentials(event: EventEnvelope): EventEnvelope {
  const data = event.data as Record<string, unknown> | null;
  if (data === null || typeof data !== 'object' || !('credentialsHash' in data)) return event;
  return { ...event, data: { ...data, credentialsHash: REDACTED_CREDENTIALS } };
}

/** Reading chargers: the twin views (device-twin's) tagged with the stream version, and the event history. */
export class ChargerReads {
  constructor(
    private readonly ownership: ChargerOwnership,
    private readonly twins: TwinViews,
    private readonly log: ChargerEventLog,
  ) {}

  /**
   * The twin, tagged with the stream's version read after it: the twin may lag the stream, so its own
   * version would make an If-Match fail for a change the caller has not missed.
   */
  async twin(ctx: RequestContext, chargerId: string): Promise<VersionedView<Twin>> {
    await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
    const view = await this.twins.twin(ctx.tenantId, chargerId);
    return { view, version: await this.log.version(chargerId) };
  }

  async profiles(ctx: RequestContext, chargerId: string): Promise<VersionedView<ChargerProfilesView>> {
    const { view: twin, version } = await this.twin(ctx, chargerId);
    return {
      view: { chargerId, items: twin.profiles, slots: twin.slots, writeBudget: twin.writeBudget },
      version,
    };
  }

  list(ctx: RequestContext, query: Omit<TwinListRequest, 'tenantId'>): Promise<TwinPage> {
    return this.twins.twins({ ...query, tenantId: ctx.tenantId });
  }

  async events(
    ctx: RequestContext,
    chargerId: string,
    fromVersion: number,
    limit: number,
  ): Promise<{ items: EventEnvelope[]; nextFromVersion: number | null }> {
    await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
    const all = await this.log.read(chargerId, fromVersion);
    const items = all.slice(0, limit).map(withoutCredentials);
    return { items, nextFromVersion: all.length > limit ? fromVersion + limit : null };
  }
}
