import { checkOcppRules, type ChargerState } from '@chargeplane/charger-domain';
import { PlatformError, type PutChargingProfileAnswer, type PutChargingProfileBody } from '@chargeplane/contracts-api';
import { OFF_PEAK_DEFAULT_PROFILE_ID } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { sameProfile } from '@chargeplane/smart-charging-domain';
import type { ChargerService, Executed } from '../charger-service.js';
import type { Clock, GbProfileEvaluator, RequestContext } from '../ports.js';
import { desiredProfileOf, hasPendingProfileWrite } from './aggregate-reads.js';
import type { ChargerOwnership } from './charger-ownership.js';
import { refusalError } from './profile-refusal.js';
import { profileWriteStatus } from './write-status.js';

/** Preconditions of a profile change: the stream version the caller saw (If-Match), the profile it saw desired. */
export interface ProfileChangeConditions {
  /** The charger stream's version (an HTTP If-Match): another version is PRECONDITION_FAILED, never retried. */
  ifMatch?: number;
  /** Only while the profile desired under that id is still (canonically) this one (null: none). */
  ifDesired?: ChargingProfile | null;
}

/**
 * Setting and removing a charger's desired charging profiles, for the CPO (PUT/DELETE) and for compliance-gb
 * (its own, already evaluated profiles): tenant ownership, preconditions, the GB evaluation, refusals, and
 * where the change stands afterwards.
 */
export class ChargingProfileCommands {
  constructor(
    private readonly service: ChargerService,
    private readonly ownership: ChargerOwnership,
    private readonly gbEvaluator: GbProfileEvaluator,
    private readonly clock: Clock,
  ) {}

  /** The CPO's PUT: a GB charger's profile is evaluated by compliance-gb first, and that one is stored and sent. */
  async put(
    ctx: RequestContext,
    chargerId: string,
    chargingProfileId: number,
    body: PutChargingProfileBody,
    conditions: Pick<ProfileChangeConditions, 'ifMatch'> = {},
  ): Promise<PutChargingProfileAnswer> {
    const state = await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
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
    // A profile that breaks an OCPP rule goes straight to the aggregate, which refuses it (no GB evaluation of it).
    const broken = checkOcppRules(body.connectorId, body.chargingProfile) !== null;
    const chargingProfile = broken ? body.chargingProfile : await this.gbCompliantProfile(ctx, state, chargerId, body);
    return this.setDesired(ctx, chargerId, body.connectorId, chargingProfile, conditions);
  }

  /** A profile that needs no further evaluation (compliance-gb's own, already delayed). */
  async setEvaluated(
    ctx: RequestContext,
    chargerId: string,
    connectorId: number,
    chargingProfile: ChargingProfile,
    conditions: ProfileChangeConditions = {},
  ): Promise<PutChargingProfileAnswer> {
    await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
    return this.setDesired(ctx, chargerId, connectorId, chargingProfile, conditions);
  }

  /**
   * The CPO's DELETE: the profile is to be cleared from the charger. On a GB charger compliance-gb is asked
   * first (rule G1): a removal that changes the limit in force is held back by the profile it answers.
   */
  async remove(
    ctx: RequestContext,
    chargerId: string,
    chargingProfileId: number,
    conditions: Pick<ProfileChangeConditions, 'ifMatch'> = {},
  ): Promise<PutChargingProfileAnswer> {
    const state = await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
    const held =
      state.jurisdiction === 'GB'
        ? await this.gbEvaluator.evaluateRemoval({ tenantId: ctx.tenantId, chargerId, chargingProfileId })
        : null;
    if (held) return this.setDesired(ctx, chargerId, held.connectorId, held.chargingProfile, conditions);
    return this.removeEvaluated(ctx, chargerId, chargingProfileId, conditions);
  }

  /** A removal that needs no further evaluation (compliance-gb's own: final). */
  async removeEvaluated(
    ctx: RequestContext,
    chargerId: string,
    chargingProfileId: number,
    conditions: Pick<ProfileChangeConditions, 'ifMatch'> = {},
  ): Promise<PutChargingProfileAnswer> {
    await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
    const executed = await this.service.execute(
      chargerId,
      (_s, base) => ({ ...base, type: 'RemoveDesiredProfile', chargingProfileId }),
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
      conditions.ifMatch,
    );
    return this.answer(chargerId, chargingProfileId, executed);
  }

  /** Whether a profile still has a write to go (a bulk assignment tells unchanged from done by it). */
  async stillPending(chargerId: string, chargingProfileId: number): Promise<boolean> {
    const { state } = await this.service.current(chargerId);
    return hasPendingProfileWrite(state, chargingProfileId, this.clock.now());
  }

  private async setDesired(
    ctx: RequestContext,
    chargerId: string,
    connectorId: number,
    chargingProfile: ChargingProfile,
    conditions: ProfileChangeConditions,
  ): Promise<PutChargingProfileAnswer> {
    const chargingProfileId = chargingProfile.chargingProfileId;
    const executed = await this.service.execute(
      chargerId,
      (state, base) => {
        if (conditions.ifDesired !== undefined && !stillDesired(state, chargingProfileId, conditions.ifDesired))
          throw new PlatformError(
            'PRECONDITION_FAILED',
            `profile ${chargingProfileId} desired on ${chargerId} is no longer the one expected`,
          );
        return { ...base, type: 'SetDesiredProfile', connectorId, chargingProfile };
      },
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
      conditions.ifMatch,
    );
    const refused = refusalError(executed);
    if (refused) throw refused;
    return this.answer(chargerId, chargingProfileId, executed);
  }

  private answer(chargerId: string, chargingProfileId: number, executed: Executed): PutChargingProfileAnswer {
    return {
      chargerId,
      chargingProfileId,
      ...profileWriteStatus(executed, chargingProfileId, this.clock.now()),
      version: executed.version,
    };
  }

  /**
   * A GB charger's profile goes through compliance-gb first (platform randomised delay, reg 11). Without its
   * answer nothing is stored (the evaluator fails with UNAVAILABLE), so an undelayed profile never reaches a
   * charger whose platform delay is on.
   */
  private async gbCompliantProfile(
    ctx: RequestContext,
    state: ChargerState,
    chargerId: string,
    body: PutChargingProfileBody,
  ): Promise<ChargingProfile> {
    if (state.jurisdiction !== 'GB') return body.chargingProfile;
    return this.gbEvaluator.evaluate({
      tenantId: ctx.tenantId,
      chargerId,
      connectorId: body.connectorId,
      chargingProfile: body.chargingProfile,
    });
  }
}

function stillDesired(state: ChargerState, chargingProfileId: number, expected: ChargingProfile | null): boolean {
  const current = desiredProfileOf(state, chargingProfileId);
  return current === null || expected === null ? current === expected : sameProfile(current, expected);
}
