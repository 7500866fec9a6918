import type { ChargerService, Clock, Executed } from '@chargeplane/charger-application';
import { pendingWrites, type ChargerEvent } from '@chargeplane/charger-domain';
import { capabilitiesFor, sameProfile } from '@chargeplane/smart-charging-domain';
import {
  ComplianceEvaluateReply,
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
import { chargerStreamId, OFF_PEAK_DEFAULT_PROFILE_ID, type EventEnvelope } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { generateChargerKey, hashSecret } from '@chargeplane/platform-security';
import type { ChargerDirectory } from '../persistence/charger-directory.js';

export interface RequestContext {
  tenantId: string;
  correlationId: string;
}

type DataOf<T extends ChargerEvent['type']> = Extract<ChargerEvent, { type: T }>['data'];

/** How long a GB profile waits for compliance-gb's evaluation before the PUT is refused with 503. */
const COMPLIANCE_EVALUATE_TIMEOUT_MS = 5000;

/** The HTTP API's use cases: tenant-scoped (another tenant's charger is "not found"), thin over the aggregate. */
export class ChargerApi {
  constructor(
    private readonly service: ChargerService,
    private readonly directory: ChargerDirectory,
    private readonly store: PostgresEventStore,
    private readonly bus: NatsBus,
    private readonly ocppUrl: string,
    private readonly clock: Clock,
  ) {}

  async register(ctx: RequestContext, body: RegisterChargerBody) {
    if (await this.directory.find(body.chargerId)) {
      throw new PlatformError('ILLEGAL_STATE', `charger ${body.chargerId} is already registered`);
    }
    const password = body.password ?? generateChargerKey();
    const credentialsHash = await hashSecret(password);
    const executed = await this.service.execute(
      body.chargerId,
      (_s, base) => ({
        ...base,
        type: 'RegisterCharger',
        tenantId: ctx.tenantId,
        model: body.model,
        jurisdiction: body.jurisdiction ?? null,
        tags: body.tags,
        credentialsHash,
      }),
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
    );
    return {
      chargerId: body.chargerId,
      ocppUrl: `${this.ocppUrl}/${encodeURIComponent(body.chargerId)}`,
      password,
      version: executed.version,
    };
  }

  async putProfile(
    ctx: RequestContext,
    chargerId: string,
    chargingProfileId: number,
    body: PutChargingProfileBody,
    ifMatch?: number,
  ): Promise<PutChargingProfileAnswer> {
    await this.ownedCharger(ctx, chargerId);
    if (body.chargingProfile.chargingProfileId !== chargingProfileId) {
      throw new PlatformError(
        'VALIDATION_FAILED',
        `chargingProfile.chargingProfileId (${body.chargingProfile.chargingProfileId}) must equal the path's ${chargingProfileId}`,
      );
    }
    if (chargingProfileId === OFF_PEAK_DEFAULT_PROFILE_ID) {
      throw new PlatformError(
        'VALIDATION_FAILED',
        `chargingProfileId ${OFF_PEAK_DEFAULT_PROFILE_ID} is reserved for the GB off-peak default profile`,
      );
    }
    const chargingProfile = await this.gbCompliantProfile(ctx, chargerId, body);
    return this.setDesired(ctx, chargerId, body.connectorId, chargingProfile, {
      ...(ifMatch === undefined ? {} : { ifMatch }),
    });
  }

  /**
   * Records a desired profile that needs no further evaluation (compliance-gb's own, already delayed).
   * With `ifDesired`, only while the profile desired under that id is still (canonically) that one.
   */
  async setDesired(
    ctx: RequestContext,
    chargerId: string,
    connectorId: number,
    chargingProfile: ChargingProfile,
    options: { ifMatch?: number; ifDesired?: ChargingProfile | null },
  ): Promise<PutChargingProfileAnswer> {
    const chargingProfileId = chargingProfile.chargingProfileId;
    const executed = await this.service.execute(
      chargerId,
      (state, base) => {
        if (options.ifDesired !== undefined) {
          const current = state.profiles[chargingProfileId]?.desired?.profile ?? null;
          const same =
            current === null || options.ifDesired === null
              ? current === options.ifDesired
              : sameProfile(current, options.ifDesired);
          if (!same)
            throw new PlatformError(
              'PRECONDITION_FAILED',
              `profile ${chargingProfileId} desired on ${chargerId} is no longer the one expected`,
            );
        }
        return { ...base, type: 'SetDesiredProfile', connectorId, chargingProfile };
      },
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
      options.ifMatch,
    );
    const refused = executed.events.find((e) => e.type === 'ChargingProfileRefused');
    if (refused) {
      const data = refused.data as DataOf<'ChargingProfileRefused'>;
      // L12: a charger without smart charging is answered with its own code, not as a refused profile.
      const code = data.code === 'SMART_CHARGING_NOT_SUPPORTED' ? 'SMART_CHARGING_NOT_SUPPORTED' : 'PROFILE_REFUSED';
      throw new PlatformError(code, data.message, { reason: data.code, ...data.details });
    }
    return {
      chargerId,
      chargingProfileId,
      ...writeStatus(executed, chargingProfileId, this.clock.now()),
      version: executed.version,
    };
  }

  async deleteProfile(
    ctx: RequestContext,
    chargerId: string,
    chargingProfileId: number,
    ifMatch?: number,
  ): Promise<PutChargingProfileAnswer> {
    await this.ownedCharger(ctx, chargerId);
    const executed = await this.service.execute(
      chargerId,
      (_s, base) => ({ ...base, type: 'RemoveDesiredProfile', chargingProfileId }),
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
      ifMatch,
    );
    return {
      chargerId,
      chargingProfileId,
      ...writeStatus(executed, chargingProfileId, this.clock.now()),
      version: executed.version,
    };
  }

  /** Whether a profile still has a write to go (used by bulk assignments to tell unchanged from done). */
  async stillPending(chargerId: string, chargingProfileId: number): Promise<boolean> {
    const { state } = await this.service.current(chargerId);
    return pendingWrites(state, capabilitiesFor(state.model, state.configuration), this.clock.now()).some(
      (w) => w.chargingProfileId === chargingProfileId,
    );
  }

  async twin(ctx: RequestContext, chargerId: string): Promise<Twin> {
    await this.ownedCharger(ctx, chargerId);
    return this.bus.request(subjects.twinGet, { tenantId: ctx.tenantId, chargerId }, Twin);
  }

  async twins(ctx: RequestContext, query: Omit<TwinListRequest, 'tenantId'>) {
    return this.bus.request(subjects.twinList, { ...query, tenantId: ctx.tenantId }, TwinPage);
  }

  async events(
    ctx: RequestContext,
    chargerId: string,
    fromVersion: number,
    limit: number,
  ): Promise<{ items: EventEnvelope[]; nextFromVersion: number | null }> {
    await this.ownedCharger(ctx, chargerId);
    const all = await this.store.readStream(chargerStreamId(chargerId), fromVersion);
    const items = all.slice(0, limit);
    return { items, nextFromVersion: all.length > limit ? fromVersion + limit : null };
  }

  /**
   * A GB charger's profile goes through compliance-gb first (platform randomised delay, reg 11): the
   * profile it returns is the one stored and sent. Without its answer nothing is stored (503), so an
   * undelayed profile never reaches a charger whose platform delay is on.
   */
  private async gbCompliantProfile(
    ctx: RequestContext,
    chargerId: string,
    body: PutChargingProfileBody,
  ): Promise<ChargingProfile> {
    const { state } = await this.service.current(chargerId);
    if (state.jurisdiction !== 'GB') return body.chargingProfile;
    const request = {
      tenantId: ctx.tenantId,
      chargerId,
      connectorId: body.connectorId,
      chargingProfile: body.chargingProfile,
    };
    try {
      return (
        await this.bus.request(
          subjects.complianceEvaluate,
          request,
          ComplianceEvaluateReply,
          COMPLIANCE_EVALUATE_TIMEOUT_MS,
        )
      ).chargingProfile;
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      throw new PlatformError(
        'UNAVAILABLE',
        `GB compliance (compliance-gb) did not evaluate the profile (${error.code}); it was not stored, try again shortly`,
        { chargerId },
      );
    }
  }

  /** Fails with NOT_FOUND unless the charger belongs to the asking tenant. */
  ownedChargerOf(ctx: RequestContext, chargerId: string): Promise<void> {
    return this.ownedCharger(ctx, chargerId);
  }

  /** 404 unless the charger is registered under the caller's tenant (a registration, once read, never changes). */
  private async ownedCharger(ctx: RequestContext, chargerId: string): Promise<void> {
    let { state } = await this.service.current(chargerId);
    if (!state.registered) ({ state } = await this.service.current(chargerId, { fresh: true }));
    if (!state.registered || state.tenantId !== ctx.tenantId) throw new NotFoundError(`charger ${chargerId} not found`);
  }
}

/** The 202 answer for a profile change, read off the events the command produced and what is still pending. */
function writeStatus(
  executed: Executed,
  chargingProfileId: number,
  now: number,
): Pick<PutChargingProfileAnswer, 'status' | 'deferredUntil'> {
  // The desired state did not change (canonical comparison in the decider): nothing new to write.
  if (executed.events.length === 0) return { status: 'unchanged', deferredUntil: null };
  const dispatched = executed.events.some(
    (e) =>
      e.type === 'ChargingProfileWriteDispatched' &&
      (e.data as DataOf<'ChargingProfileWriteDispatched'>).chargingProfileId === chargingProfileId,
  );
  if (dispatched) return { status: 'dispatched', deferredUntil: null };
  const state = executed.state;
  const pending = pendingWrites(state, capabilitiesFor(state.model, state.configuration), now).some(
    (w) => w.chargingProfileId === chargingProfileId,
  );
  if (!pending) return { status: 'unchanged', deferredUntil: null };
  if (!state.connected) return { status: 'awaiting-connection', deferredUntil: null };
  // Waiting for write budget, or behind the charger's one outstanding write.
  return {
    status: 'deferred',
    deferredUntil: state.deferredUntil === null ? null : new Date(state.deferredUntil).toISOString(),
  };
}
