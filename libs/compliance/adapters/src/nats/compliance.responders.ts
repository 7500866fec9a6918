import { randomUUID } from 'node:crypto';
import {
  ComplianceEvaluateAnyRequest,
  CompliancePolicyGetRequest,
  CompliancePolicyPutRequest,
  ComplianceReportRequest,
  complianceSubjects,
  NotFoundError,
  type ComplianceEvaluateReply,
  type ComplianceEvaluateRemovalReply,
  type ComplianceFleetReport,
  type CompliancePolicyView,
} from '@chargeplane/contracts-api';
import {
  complianceVerdict,
  evaluationReply,
  platformDelays,
  removalReply,
  type ChargerProfileView,
  type PolicyState,
  type RandomSource,
} from '@chargeplane/compliance-domain';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';
import type { ComplianceReadModel } from '../persistence/compliance-read-model.js';
import type { ChargerProfileSource } from '../service/charger-profile-source.js';
import type { ComplianceProcess } from '../service/compliance-process.js';
import type { PolicyService } from '../service/policy.service.js';

export interface ResponderDeps {
  service: PolicyService;
  process: ComplianceProcess;
  readModel: ComplianceReadModel;
  clock: { now(): number };
  random: RandomSource;
  offPeakGraceSeconds: number;
  profiles: ChargerProfileSource;
}

const QUEUE = { queue: 'compliance-gb' };

/** The policy as GET shows it (the settings of §4.3 plus status, reasons and what the platform does and drew). */
export function policyView(
  chargerId: string,
  state: PolicyState,
  version: number,
  nowMs: number,
  graceSeconds: number,
  profiles: readonly ChargerProfileView[],
): CompliancePolicyView {
  const verdict = complianceVerdict(state, nowMs, graceSeconds, profiles);
  const issued = state.offPeak.issued;
  return {
    ...state.settings,
    chargerId,
    status: verdict.status,
    reasons: verdict.reasons,
    platformDelayActive: state.platformDelayActive,
    deviceDelay: { reportedValue: state.deviceDelay.reported, pendingValue: state.deviceDelay.pending?.value ?? null },
    offPeakDefaultProfile: issued
      ? {
          chargingProfileId: issued.profile.chargingProfileId,
          horizonEnd: new Date(issued.horizonEndMs).toISOString(),
          nextWriteAt: new Date(issued.nextWriteAtMs).toISOString(),
        }
      : null,
    platformDelays: platformDelays(state, profiles, nowMs),
    version,
  };
}

/** Another tenant's charger, or one without a GB policy, is "not found". */
function owned(state: PolicyState, tenantId: string, chargerId: string): void {
  if (!state.exists || state.tenantId !== tenantId)
    throw new NotFoundError(
      `charger ${chargerId} has no GB compliance policy (not a GB charger, or its registration is still being processed)`,
    );
}

/** `compliance.gb.evaluate`, `compliance.gb.policy.get|put` and `compliance.gb.report`, in one queue group. */
export function serveCompliance(bus: NatsBus, deps: ResponderDeps): Subscription[] {
  const { service, process, readModel, clock, random } = deps;
  return [
    bus.serve(
      complianceSubjects.evaluate,
      ComplianceEvaluateAnyRequest,
      async (request): Promise<ComplianceEvaluateReply | ComplianceEvaluateRemovalReply> => {
        const context = { tenantId: request.tenantId, correlationId: randomUUID(), causationId: null };
        const mine = (state: PolicyState) => {
          if (state.exists && state.tenantId !== request.tenantId)
            throw new NotFoundError(`charger ${request.chargerId} not found`);
        };
        if ('removeChargingProfileId' in request) {
          // A removal (DELETE): a relevant time when it changes the limit in force (rule G1).
          const executed = await service.execute(
            request.chargerId,
            (state, now, profiles) => {
              mine(state);
              const chargingProfileId = request.removeChargingProfileId;
              return {
                type: 'EvaluateRemoval',
                now,
                chargingProfileId,
                trigger: 'profile-evaluated',
                random,
                profiles,
              };
            },
            context,
          );
          return removalReply(executed.before, executed.events, request.removeChargingProfileId, clock.now());
        }
        const executed = await service.execute(
          request.chargerId,
          (state, now, profiles) => {
            mine(state);
            return {
              type: 'EvaluateProfile',
              now,
              connectorId: request.connectorId,
              profile: request.chargingProfile,
              trigger: 'profile-evaluated',
              fresh: false,
              random,
              profiles,
            };
          },
          context,
        );
        return evaluationReply(executed.before, executed.events, request.chargingProfile);
      },
      QUEUE,
    ),
    bus.serve(
      complianceSubjects.policyGet,
      CompliancePolicyGetRequest,
      async ({ tenantId, chargerId }): Promise<CompliancePolicyView> => {
        const { state, version } = await service.current(chargerId);
        owned(state, tenantId, chargerId);
        const profiles = await deps.profiles.list(chargerId);
        return policyView(chargerId, state, version, clock.now(), deps.offPeakGraceSeconds, profiles);
      },
      QUEUE,
    ),
    bus.serve(
      complianceSubjects.policyPut,
      CompliancePolicyPutRequest,
      async (request): Promise<CompliancePolicyView> => {
        const correlationId = randomUUID();
        const executed = await service.execute(
          request.chargerId,
          (state, now) => {
            owned(state, request.tenantId, request.chargerId);
            return { type: 'ChangePolicy', now, body: request.body, actor: request.actor };
          },
          { tenantId: request.tenantId, correlationId, causationId: null },
          request.expectedVersion,
        );
        // What the change calls for (writes to the charger) goes on after the answer.
        if (executed.events.length > 0) void process.reconcile(request.chargerId, correlationId);
        const profiles = await deps.profiles.list(request.chargerId);
        return policyView(
          request.chargerId,
          executed.state,
          executed.version,
          clock.now(),
          deps.offPeakGraceSeconds,
          profiles,
        );
      },
      QUEUE,
    ),
    bus.serve(
      complianceSubjects.report,
      ComplianceReportRequest,
      async ({ tenantId, limit }): Promise<ComplianceFleetReport> => readModel.report(tenantId, limit, clock.now()),
      QUEUE,
    ),
  ];
}
