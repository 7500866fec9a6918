import {
  ComplianceFleetReport,
  CompliancePolicyView,
  complianceSubjects,
  ErrorCode,
  PlatformError,
  type PutCompliancePolicyBody,
} from '@chargeplane/contracts-api';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';
import type { ChargerOwnership, RequestContext } from '@chargeplane/charger-application';

/** DI token of the GB compliance routes' use cases. */
export const COMPLIANCE_API = Symbol('COMPLIANCE_API');

const COMPLIANCE_TIMEOUT_MS = 5000;

/** compliance-gb's error replies keep their code (NOT_FOUND stays 404); no answer at all is a 503. */
export function complianceError(error: unknown): unknown {
  if (!(error instanceof RequestError)) return error;
  if (error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT') {
    return new PlatformError('UNAVAILABLE', 'GB compliance (compliance-gb) is not answering; try again shortly', {
      cause: error.code,
    });
  }
  const code = ErrorCode.safeParse(error.code);
  return new PlatformError(code.success ? code.data : 'INTERNAL', error.message, error.details);
}

/** GB compliance settings, status and fleet report: tenant-scoped here, answered by compliance-gb over NATS. */
export class ComplianceApi {
  constructor(
    private readonly bus: NatsBus,
    private readonly ownership: ChargerOwnership,
  ) {}

  async policy(ctx: RequestContext, chargerId: string): Promise<CompliancePolicyView> {
    await this.ownedCharger(ctx, chargerId);
    return this.bus
      .request(
        complianceSubjects.policyGet,
        { tenantId: ctx.tenantId, chargerId },
        CompliancePolicyView,
        COMPLIANCE_TIMEOUT_MS,
      )
      .catch((e: unknown) => Promise.reject(complianceError(e)));
  }

  /** `expectedVersion` from If-Match: a policy changed since it was read is a 412. */
  async putPolicy(
    ctx: RequestContext,
    chargerId: string,
    body: PutCompliancePolicyBody,
    expectedVersion?: number,
  ): Promise<CompliancePolicyView> {
    await this.ownedCharger(ctx, chargerId);
    const request = {
      tenantId: ctx.tenantId,
      chargerId,
      body,
      actor: body.actor ?? `tenant:${ctx.tenantId}`,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    };
    return this.bus
      .request(complianceSubjects.policyPut, request, CompliancePolicyView, COMPLIANCE_TIMEOUT_MS)
      .catch((e: unknown) => Promise.reject(complianceError(e)));
  }

  async report(ctx: RequestContext, limit: number): Promise<ComplianceFleetReport> {
    return this.bus
      .request(
        complianceSubjects.report,
        { tenantId: ctx.tenantId, limit },
        ComplianceFleetReport,
        COMPLIANCE_TIMEOUT_MS,
      )
      .catch((e: unknown) => Promise.reject(complianceError(e)));
  }

  /** Another tenant's charger is "not found", as everywhere in the API. */
  private async ownedCharger(ctx: RequestContext, chargerId: string): Promise<void> {
    await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
  }
}
