import {
  ChargerConfigurationDesiredReply,
  ChargerProfileDesiredReply,
  complianceSubjects,
  type ChargerConfigurationDesiredRequest,
  type ChargerProfileDesiredRequest,
  type ChargerProfileRemovalDesiredRequest,
} from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { ProfileCommandPort } from '../service/profile-command.port.js';

/** The profile-command port over NATS request/reply (answers parsed with their contracts). */
export class NatsProfileCommandClient implements ProfileCommandPort {
  constructor(
    private readonly bus: NatsBus,
    private readonly timeoutMs: number,
  ) {}

  setConfiguration(request: ChargerConfigurationDesiredRequest) {
    return this.bus.request(
      complianceSubjects.chargerConfigurationDesired,
      request,
      ChargerConfigurationDesiredReply,
      this.timeoutMs,
    );
  }

  desireProfile(request: ChargerProfileDesiredRequest) {
    return this.bus.request(
      complianceSubjects.chargerProfileDesired,
      request,
      ChargerProfileDesiredReply,
      this.timeoutMs,
    );
  }

  removeProfile(request: ChargerProfileRemovalDesiredRequest) {
    return this.bus.request(
      complianceSubjects.chargerProfileRemovalDesired,
      request,
      ChargerProfileDesiredReply,
      this.timeoutMs,
    );
  }
}
