import type { GbEvaluationRequest, GbProfileEvaluator, GbRemovalRequest } from '@chargeplane/charger-application';
import {
  ComplianceEvaluateRemovalReply,
  ComplianceEvaluateReply,
  ErrorCode,
  PlatformError,
  ProfileRefusalCode,
  subjects,
} from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';

/** How long a GB profile waits for compliance-gb's evaluation before the PUT is refused with 503. */
const COMPLIANCE_EVALUATE_TIMEOUT_MS = 5000;

/** compliance-gb's evaluation of a GB profile or removal, asked over NATS; no answer is UNAVAILABLE (nothing is stored). */
export class NatsGbProfileEvaluator implements GbProfileEvaluator {
  constructor(private readonly bus: NatsBus) {}

  async evaluate(request: GbEvaluationRequest): Promise<ChargingProfile> {
    try {
      const reply = await this.bus.request(
        subjects.complianceEvaluate,
        request,
        ComplianceEvaluateReply,
        COMPLIANCE_EVALUATE_TIMEOUT_MS,
      );
      return reply.chargingProfile;
    } catch (error) {
      throw unavailable(error, request.chargerId, 'the profile', 'it was not stored');
    }
  }

  async evaluateRemoval(request: GbRemovalRequest) {
    try {
      const reply = await this.bus.request(
        subjects.complianceEvaluate,
        {
          tenantId: request.tenantId,
          chargerId: request.chargerId,
          removeChargingProfileId: request.chargingProfileId,
        },
        ComplianceEvaluateRemovalReply,
        COMPLIANCE_EVALUATE_TIMEOUT_MS,
      );
      return reply.replacement;
    } catch (error) {
      throw unavailable(error, request.chargerId, 'the removal', 'nothing was removed');
    }
  }
}

/**
 * compliance-gb's own refusal (the delayed profile would not fit the charger: rule G1's leading period) keeps
 * its specific code; anything else is UNAVAILABLE.
 */
function unavailable(error: unknown, chargerId: string, what: string, outcome: string): unknown {
  if (!(error instanceof RequestError)) return error;
  const message = error.message.replace(/^[^:]*: /, '');
  if (ProfileRefusalCode.safeParse(error.code).success || error.code === 'PROFILE_REFUSED')
    return new PlatformError(ErrorCode.parse(error.code), message, error.details);
  return new PlatformError(
    'UNAVAILABLE',
    `GB compliance (compliance-gb) did not evaluate ${what} (${error.code}); ${outcome}, try again shortly`,
    { chargerId },
  );
}
