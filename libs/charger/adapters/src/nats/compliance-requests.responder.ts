import type { ChargerConfigurationCommands, ChargingProfileCommands } from '@chargeplane/charger-application';
import {
  ChargerConfigurationDesiredRequest,
  ChargerProfileDesiredRequest,
  ChargerProfileRemovalDesiredRequest,
  complianceSubjects,
  type ChargerConfigurationDesiredReply,
} from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';

/**
 * What compliance-gb asks of the charger aggregate, over NATS: a configuration value (ChangeConfiguration
 * within the write budget), and its own profiles (already delayed: never evaluated again). The same use cases,
 * tenant checks and rules apply as for the CPO's own requests; this only translates.
 */
export function serveComplianceRequests(
  bus: NatsBus,
  profiles: ChargingProfileCommands,
  configuration: ChargerConfigurationCommands,
): Subscription[] {
  return [
    bus.serve(
      complianceSubjects.chargerConfigurationDesired,
      ChargerConfigurationDesiredRequest,
      async (r): Promise<ChargerConfigurationDesiredReply> => ({
        status: await configuration.setDesired(
          { tenantId: r.tenantId, correlationId: `compliance-${r.chargerId}` },
          r.chargerId,
          { key: r.key, value: r.value, reason: r.reason },
        ),
      }),
      { queue: 'profile-command' },
    ),
    bus.serve(
      complianceSubjects.chargerProfileDesired,
      ChargerProfileDesiredRequest,
      (r) =>
        profiles.setEvaluated(
          { tenantId: r.tenantId, correlationId: `${r.origin}-${r.chargerId}` },
          r.chargerId,
          r.connectorId,
          r.chargingProfile,
          r.ifDesired === undefined ? {} : { ifDesired: r.ifDesired },
        ),
      { queue: 'profile-command' },
    ),
    bus.serve(
      complianceSubjects.chargerProfileRemovalDesired,
      ChargerProfileRemovalDesiredRequest,
      (r) =>
        profiles.removeEvaluated(
          { tenantId: r.tenantId, correlationId: `${r.origin}-${r.chargerId}` },
          r.chargerId,
          r.chargingProfileId,
        ),
      { queue: 'profile-command' },
    ),
  ];
}
