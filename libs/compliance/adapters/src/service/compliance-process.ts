import { DEVICE_DELAY_KEY } from '@chargeplane/contracts-events';
import {
  complianceVerdict,
  evaluationReply,
  planActions,
  type PlannedAction,
  type PlanOptions,
  type PolicyState,
  type RandomSource,
} from '@chargeplane/compliance-domain';
import type { Logger } from '@chargeplane/platform-observability';
import { RequestError } from '@chargeplane/platform-messaging';
import type { ChargerProfilesProjection } from '../persistence/charger-profiles.projection.js';
import type { ComplianceReadModel } from '../persistence/compliance-read-model.js';
import type { AppendContext } from '../persistence/policy.repository.js';
import type { PolicyService } from './policy.service.js';
import type { ProfileCommandPort } from './profile-command.port.js';

type Action<K extends PlannedAction['kind']> = Extract<PlannedAction, { kind: K }>;
const ROUNDS = 4;

/**
 * Carries out what the plan asks for on one charger, one action at a time: asks profile-command, then
 * records its answer in the compliance stream (never before: a request that got no answer records
 * nothing and is planned again after the retry interval). Ends by storing the status and when to look again.
 */
export class ComplianceProcess {
  constructor(
    private readonly service: PolicyService,
    private readonly profiles: ChargerProfilesProjection,
    private readonly readModel: ComplianceReadModel,
    private readonly port: ProfileCommandPort,
    private readonly clock: { now(): number },
    private readonly random: RandomSource,
    private readonly options: PlanOptions,
    private readonly log: Logger,
  ) {}

  private readonly running = new Map<string, Promise<void>>();

  /**
   * Plans and acts for one charger; calls for the same charger run one after another, never side by side.
   * Never rejects: a failure is logged and the charger is looked at again after the retry interval.
   */
  reconcile(chargerId: string, correlationId: string): Promise<void> {
    const previous = this.running.get(chargerId) ?? Promise.resolve();
    const tail = previous
      .then(() => this.reconcileNow(chargerId, correlationId))
      .catch(async (err: unknown) => {
        this.log.error({ err, chargerId }, 'compliance reconcile failed; retried later');
        await this.readModel
          .setNextAction(chargerId, this.clock.now() + this.options.retrySeconds * 1000)
          .catch(() => undefined);
      });
    this.running.set(chargerId, tail);
    void tail.then(() => {
      if (this.running.get(chargerId) === tail) this.running.delete(chargerId);
    });
    return tail;
  }

  private async reconcileNow(chargerId: string, correlationId: string): Promise<void> {
    for (let round = 0; ; round++) {
      const { state } = await this.service.current(chargerId);
      if (!state.exists) return;
      const now = this.clock.now();
      const plan = planActions(state, await this.profiles.list(chargerId), now, this.options);
      const verdict = complianceVerdict(state, now, this.options.offPeakGraceSeconds);
      if (plan.actions.length === 0) return this.readModel.refresh(chargerId, verdict, plan.nextActionAtMs, now);
      // Still more to do after several rounds: the scheduler picks it up on its next tick.
      if (round === ROUNDS) return this.readModel.refresh(chargerId, verdict, now, now);
      const context: AppendContext = { tenantId: state.tenantId, correlationId, causationId: null };
      let failed = false;
      for (const action of plan.actions) {
        try {
          await this.carryOut(chargerId, state, action, context);
        } catch (err) {
          this.log.warn({ err, chargerId, action: action.kind }, 'compliance action not done; retried later');
          failed = true;
        }
      }
      if (failed) {
        const { state: latest } = await this.service.current(chargerId);
        const retryAt = now + this.options.retrySeconds * 1000;
        return this.readModel.refresh(
          chargerId,
          complianceVerdict(latest, now, this.options.offPeakGraceSeconds),
          retryAt,
          now,
        );
      }
    }
  }

  private carryOut(
    chargerId: string,
    state: PolicyState,
    action: PlannedAction,
    context: AppendContext,
  ): Promise<void> {
    switch (action.kind) {
      case 'set-device-delay':
        return this.setDeviceDelay(chargerId, state, action, context);
      case 'issue-off-peak-default':
        return this.issueDefault(chargerId, state, action, context);
      case 'withdraw-off-peak-default':
        return this.withdrawDefault(chargerId, state, action, context);
      case 'redelay-profile':
        return this.redelay(chargerId, state, action, context);
    }
  }

  private async setDeviceDelay(
    chargerId: string,
    state: PolicyState,
    a: Action<'set-device-delay'>,
    context: AppendContext,
  ): Promise<void> {
    const { status } = await this.port.setConfiguration({
      tenantId: state.tenantId,
      chargerId,
      key: DEVICE_DELAY_KEY,
      value: a.value,
      reason: `gb-compliance:${a.reason}`,
    });
    await this.service.execute(
      chargerId,
      (_s, now) => ({
        type: 'RecordDeviceDelayChangeRequested',
        now,
        value: a.value,
        valueSource: a.valueSource,
        reason: a.reason,
        status,
      }),
      context,
    );
  }

  private async issueDefault(
    chargerId: string,
    state: PolicyState,
    a: Action<'issue-off-peak-default'>,
    context: AppendContext,
  ): Promise<void> {
    let profile = a.built.profile;
    if (state.platformDelayActive) {
      // The default's own boundaries are relevant times too: in platform mode it carries platform delays.
      const evaluated = await this.service.execute(
        chargerId,
        (_s, now) => ({
          type: 'EvaluateProfile',
          now,
          connectorId: a.connectorId,
          profile,
          trigger: 'off-peak-default',
          fresh: true,
          random: this.random,
        }),
        context,
      );
      profile = evaluationReply(evaluated.before, evaluated.events, profile).chargingProfile;
    }
    try {
      const answer = await this.port.desireProfile({
        tenantId: state.tenantId,
        chargerId,
        connectorId: a.connectorId,
        chargingProfile: profile,
        origin: 'compliance-default',
      });
      const built = a.built;
      await this.service.execute(
        chargerId,
        (_s, now) => ({
          type: 'RecordOffPeakDefaultIssued',
          now,
          connectorId: a.connectorId,
          profile,
          blockedWindows: a.blockedWindows,
          overrideUntilMs: a.overrideUntilMs,
          horizonEndMs: built.horizonEndMs,
          nextWriteAtMs: built.nextWriteAtMs,
          nextWriteReason: built.nextWriteReason,
          status: answer.status,
        }),
        context,
      );
    } catch (error) {
      const refusedCodes = ['PROFILE_REFUSED', 'SMART_CHARGING_NOT_SUPPORTED'];
      if (!(error instanceof RequestError) || !refusedCodes.includes(error.code)) throw error;
      await this.service.execute(
        chargerId,
        (_s, now) => ({
          type: 'RecordOffPeakDefaultRefused',
          now,
          code: String(error.details['reason'] ?? error.code),
          message: error.message,
        }),
        context,
      );
    }
  }

  private async withdrawDefault(
    chargerId: string,
    state: PolicyState,
    a: Action<'withdraw-off-peak-default'>,
    context: AppendContext,
  ): Promise<void> {
    const issued = state.offPeak.issued;
    if (!issued) return;
    const answer = await this.port.removeProfile({
      tenantId: state.tenantId,
      chargerId,
      chargingProfileId: issued.profile.chargingProfileId,
      origin: 'compliance-default',
    });
    await this.service.execute(
      chargerId,
      (_s, now) => ({ type: 'RecordOffPeakDefaultWithdrawn', now, reason: a.reason, status: answer.status }),
      context,
    );
  }

  /** Draws again for a profile and hands it over, only while the CPO still desires what was seen (`ifDesired`). */
  private async redelay(
    chargerId: string,
    state: PolicyState,
    a: Action<'redelay-profile'>,
    context: AppendContext,
  ): Promise<void> {
    const evaluated = await this.service.execute(
      chargerId,
      (_s, now) => ({
        type: 'EvaluateProfile',
        now,
        connectorId: a.connectorId,
        profile: a.nominal,
        trigger: a.trigger,
        fresh: true,
        random: this.random,
      }),
      context,
    );
    const delayed = evaluated.events.find((e) => e.type === 'RandomisedDelayApplied');
    if (delayed?.type !== 'RandomisedDelayApplied') return;
    try {
      await this.port.desireProfile({
        tenantId: state.tenantId,
        chargerId,
        connectorId: a.connectorId,
        chargingProfile: delayed.data.deliveredProfile,
        origin: 'compliance-delay',
        ifDesired: a.current,
      });
    } catch (error) {
      // The CPO changed the profile meanwhile: its new one is evaluated on its own way in.
      if (error instanceof RequestError && error.code === 'PRECONDITION_FAILED') return;
      throw error;
    }
  }
}
