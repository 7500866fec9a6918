import type { ChargerService } from '@chargeplane/charger-application';
import { pendingConfigurationWrites } from '@chargeplane/charger-domain';
import {
  ChargerConfigurationDesiredRequest,
  ChargerProfileDesiredRequest,
  ChargerProfileRemovalDesiredRequest,
  complianceSubjects,
  type ChargerConfigurationDesiredReply,
} from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';
import type { ChargerApi } from '../http/charger-api.js';

/**
 * What compliance-gb asks of the charger aggregate, over NATS: a configuration value (ChangeConfiguration
 * within the write budget), and its own profiles (already delayed: never evaluated again). The same
 * tenant checks and rules apply as for the CPO's own requests.
 */
export function serveComplianceRequests(bus: NatsBus, api: ChargerApi, service: ChargerService): Subscription[] {
  return [
    bus.serve(
      complianceSubjects.chargerConfigurationDesired,
      ChargerConfigurationDesiredRequest,
      async (r): Promise<ChargerConfigurationDesiredReply> => {
        await api.ownedChargerOf({ tenantId: r.tenantId, correlationId: `compliance-${r.chargerId}` }, r.chargerId);
        const executed = await service.execute(
          r.chargerId,
          (_s, base) => ({ ...base, type: 'SetDesiredConfiguration', key: r.key, value: r.value, reason: r.reason }),
          { tenantId: r.tenantId, correlationId: `compliance-${r.chargerId}`, causationId: null },
        );
        if (executed.events.some((e) => e.type === 'ChargerConfigurationWriteDispatched'))
          return { status: 'dispatched' };
        const stillPending = pendingConfigurationWrites(executed.state).some((w) => w.key === r.key);
        if (!stillPending) return { status: 'unchanged' };
        return { status: executed.state.connected ? 'deferred' : 'awaiting-connection' };
      },
      { queue: 'profile-command' },
    ),
    bus.serve(
      complianceSubjects.chargerProfileDesired,
      ChargerProfileDesiredRequest,
      (r) =>
        api.setDesired(
          { tenantId: r.tenantId, correlationId: `${r.origin}-${r.chargerId}` },
          r.chargerId,
          r.connectorId,
          r.chargingProfile,
          {
            ...(r.ifDesired === undefined ? {} : { ifDesired: r.ifDesired }),
          },
        ),
      { queue: 'profile-command' },
    ),
    bus.serve(
      complianceSubjects.chargerProfileRemovalDesired,
      ChargerProfileRemovalDesiredRequest,
      (r) =>
        api.removeDesired(
          { tenantId: r.tenantId, correlationId: `${r.origin}-${r.chargerId}` },
          r.chargerId,
          r.chargingProfileId,
        ),
      { queue: 'profile-command' },
    ),
  ];
}
