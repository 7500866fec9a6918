import type {
  ChargerConfigurationDesiredReply,
  ChargerConfigurationDesiredRequest,
  ChargerProfileDesiredRequest,
  ChargerProfileRemovalDesiredRequest,
  PutChargingProfileAnswer,
} from '@chargeplane/contracts-api';

/**
 * How compliance-gb changes a charger: it asks profile-command, which owns the charger aggregate, the
 * write budget and the dedupe (contracts in contracts-api `compliance.ts`). Each call resolves with
 * profile-command's answer or rejects (no answer, refusal).
 */
export interface ProfileCommandPort {
  setConfiguration(request: ChargerConfigurationDesiredRequest): Promise<ChargerConfigurationDesiredReply>;
  desireProfile(request: ChargerProfileDesiredRequest): Promise<PutChargingProfileAnswer>;
  removeProfile(request: ChargerProfileRemovalDesiredRequest): Promise<PutChargingProfileAnswer>;
}
