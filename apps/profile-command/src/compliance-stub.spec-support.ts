import { ComplianceEvaluateRequest, subjects, type ComplianceEvaluateReply } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';

/**
 * Stands in for compliance-gb in profile-command's own tests: every GB charger is in device mode, so a
 * profile comes back unchanged. Tests of the compliance path itself start without it.
 */
export function serveDeviceModeCompliance(bus: NatsBus): Subscription {
  return bus.serve(
    subjects.complianceEvaluate,
    ComplianceEvaluateRequest,
    async (request): Promise<ComplianceEvaluateReply> => ({
      chargingProfile: request.chargingProfile,
      delays: [],
      exemption: 'device-mode',
    }),
  );
}
