import type { GbEvaluationRequest, GbProfileEvaluator } from '@chargeplane/charger-application';
import { ComplianceEvaluateReply, PlatformError, subjects } from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';

/** How long a GB profile waits for compliance-gb's evaluation before the PUT is refused with 503. */
const COMPLIANCE_EVALUATE_TIMEOUT_MS = 5000;

/** compliance-gb's evaluation of a GB profile, asked over NATS; no answer is UNAVAILABLE (nothing is stored). */
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
      if (!(error instanceof RequestError)) throw error;
      throw new PlatformError(
        'UNAVAILABLE',
        `GB compliance (compliance-gb) did not evaluate the profile (${error.code}); it was not stored, try again shortly`,
        { chargerId: request.chargerId },
      );
    }
  }
}
