import {
  ComplianceEvaluateAnyRequest,
  subjects,
  type ComplianceEvaluateRemovalReply,
  type ComplianceEvaluateReply,
} from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';

/**
 * Stands in for compliance-gb in profile-command's own tests: every GB charger is in device mode, so a
 * profile comes back unchanged and a removal is made at once. Tests of the compliance path itself start without it.
 */
export function serveDeviceModeCompliance(bus: NatsBus): Subscription {
  return bus.serve(
    subjects.complianceEvaluate,
    ComplianceEvaluateAnyRequest,
    async (request): Promise<ComplianceEvaluateReply | ComplianceEvaluateRemovalReply> =>
      'removeChargingProfileId' in request
        ? { replacement: null, delays: [], exemption: 'device-mode' }
        : { chargingProfile: request.chargingProfile, delays: [], exemption: 'device-mode' },
  );
}
