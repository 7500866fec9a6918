import type { ChargerService, Executed } from '@chargeplane/charger-application';
import { pendingWrites, type ChargerEvent } from '@chargeplane/charger-domain';
import { capabilitiesFor } from '@chargeplane/smart-charging-domain';
import {
  NotFoundError,
  PlatformError,
  subjects,
  Twin,
  TwinPage,
  type PutChargingProfileAnswer,
  type PutChargingProfileBody,
  type RegisterChargerBody,
  type TwinListRequest,
} from '@chargeplane/contracts-api';
import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { generateChargerKey, hashSecret } from '@chargeplane/platform-security';
import type { ChargerDirectory } from '../persistence/charger-directory.js';

export interface RequestContext {
  tenantId: string;
  correlationId: string;
}

type DataOf<T extends ChargerEvent['type']> = Extract<ChargerEvent, { type: T }>['data'];

/** The HTTP API's use cases: tenant-scoped (another tenant's charger is "not found"), thin over the aggregate. */
export class ChargerApi {
  constructor(
    private readonly service: ChargerService,
    private readonly directory: ChargerDirectory,
    private readonly store: PostgresEventStore,
    private readonly bus: NatsBus,
    private readonly ocppUrl: string,
  ) {}

  async register(ctx: RequestContext, body: RegisterChargerBody) {
    if (await this.directory.find(body.chargerId)) {
      throw new PlatformError('ILLEGAL_STATE', `charger ${body.chargerId} is already registered`);
    }
    const password = body.password ?? generateChargerKey();
    const credentialsHash = await hashSecret(password);
    const executed = await this.service.execute(
      body.chargerId,
      (_s, base) => ({ ...base, type: 'RegisterCharger', tenantId: ctx.tenantId, model: body.model, jurisdiction: body.jurisdiction ?? null, tags: body.tags, credentialsHash }),
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
    );
    return { chargerId: body.chargerId, ocppUrl: `${this.ocppUrl}/${encodeURIComponent(body.chargerId)}`, password, version: executed.version };
  }

  async putProfile(ctx: RequestContext, chargerId: string, chargingProfileId: number, body: PutChargingProfileBody, ifMatch?: number): Promise<PutChargingProfileAnswer> {
    await this.ownedCharger(ctx, chargerId);
    if (body.chargingProfile.chargingProfileId !== chargingProfileId) {
      throw new PlatformError('VALIDATION_FAILED', `chargingProfile.chargingProfileId (${body.chargingProfile.chargingProfileId}) must equal the path's ${chargingProfileId}`);
    }
    const executed = await this.service.execute(
      chargerId,
      (_s, base) => ({ ...base, type: 'SetDesiredProfile', connectorId: body.connectorId, chargingProfile: body.chargingProfile }),
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
      ifMatch,
    );
    const refused = executed.events.find((e) => e.type === 'ChargingProfileRefused');
    if (refused) {
      const data = refused.data as DataOf<'ChargingProfileRefused'>;
      throw new PlatformError('PROFILE_REFUSED', data.message, { reason: data.code, ...data.details });
    }
    return { chargerId, chargingProfileId, ...writeStatus(executed, chargingProfileId), version: executed.version };
  }

  async deleteProfile(ctx: RequestContext, chargerId: string, chargingProfileId: number, ifMatch?: number): Promise<PutChargingProfileAnswer> {
    await this.ownedCharger(ctx, chargerId);
    const executed = await this.service.execute(
      chargerId,
      (_s, base) => ({ ...base, type: 'RemoveDesiredProfile', chargingProfileId }),
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
      ifMatch,
    );
    return { chargerId, chargingProfileId, ...writeStatus(executed, chargingProfileId), version: executed.version };
  }

  async twin(ctx: RequestContext, chargerId: string): Promise<Twin> {
    await this.ownedCharger(ctx, chargerId);
    return this.bus.request(subjects.twinGet, { tenantId: ctx.tenantId, chargerId }, Twin);
  }

  async twins(ctx: RequestContext, query: Omit<TwinListRequest, 'tenantId'>) {
    return this.bus.request(subjects.twinList, { ...query, tenantId: ctx.tenantId }, TwinPage);
  }

  async events(ctx: RequestContext, chargerId: string, fromVersion: number, limit: number): Promise<{ items: EventEnvelope[]; nextFromVersion: number | null }> {
    await this.ownedCharger(ctx, chargerId);
    const all = await this.store.readStream(chargerStreamId(chargerId), fromVersion);
    const items = all.slice(0, limit);
    return { items, nextFromVersion: all.length > limit ? fromVersion + limit : null };
  }

  private async ownedCharger(ctx: RequestContext, chargerId: string): Promise<void> {
    const entry = await this.directory.find(chargerId);
    if (!entry || entry.tenant_id !== ctx.tenantId) throw new NotFoundError(`charger ${chargerId} not found`);
  }
}

/** The 202 answer for a profile change, read off the events the command produced and what is still pending. */
function writeStatus(executed: Executed, chargingProfileId: number): Pick<PutChargingProfileAnswer, 'status' | 'deferredUntil'> {
  // The desired state did not change (canonical comparison in the decider): nothing new to write.
  if (executed.events.length === 0) return { status: 'unchanged', deferredUntil: null };
  const dispatched = executed.events.some(
    (e) => e.type === 'ChargingProfileWriteDispatched' && (e.data as DataOf<'ChargingProfileWriteDispatched'>).chargingProfileId === chargingProfileId,
  );
  if (dispatched) return { status: 'dispatched', deferredUntil: null };
  const state = executed.state;
  const pending = pendingWrites(state, capabilitiesFor(state.model, state.configuration)).some((w) => w.chargingProfileId === chargingProfileId);
  if (!pending) return { status: 'unchanged', deferredUntil: null };
  if (!state.connected) return { status: 'awaiting-connection', deferredUntil: null };
  // Waiting for write budget, or behind the charger's one outstanding write.
  return { status: 'deferred', deferredUntil: state.deferredUntil === null ? null : new Date(state.deferredUntil).toISOString() };
}
