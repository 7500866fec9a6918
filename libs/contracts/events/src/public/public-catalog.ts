import type { z } from 'zod';
import { ChargerConfigurationDesiredV1 } from './charger-configuration-desired.v1.js';
import { ChargerConfigurationWriteDispatchedV1 } from './charger-configuration-write-dispatched.v1.js';
import { ChargerConfigurationChangedV1 } from './charger-configuration-changed.v1.js';
import { ChargerConfigurationWriteFailedV1 } from './charger-configuration-write-failed.v1.js';
import { ChargerBootedV1 } from './charger-booted.v1.js';
import { ChargerConfigurationReportedV1 } from './charger-configuration-reported.v1.js';
import { ChargerConnectedV1 } from './charger-connected.v1.js';
import { ChargerDisconnectedV1 } from './charger-disconnected.v1.js';
import { ChargerRegisteredV1 } from './charger-registered.v1.js';
import { ChargingProfileAcceptedV1 } from './charging-profile-accepted.v1.js';
import { ChargingProfileClearedV1 } from './charging-profile-cleared.v1.js';
import { ChargingProfileDesiredV1 } from './charging-profile-desired.v1.js';
import { ChargingProfileRefusedV1 } from './charging-profile-refused.v1.js';
import { ChargingProfileRejectedByChargerV1 } from './charging-profile-rejected-by-charger.v1.js';
import { ChargingProfileRemovalDesiredV1 } from './charging-profile-removal-desired.v1.js';
import { ChargingProfileWriteDeferredV1 } from './charging-profile-write-deferred.v1.js';
import { ChargingProfileWriteDispatchedV1 } from './charging-profile-write-dispatched.v1.js';
import { ChargingProfileWriteFailedV1 } from './charging-profile-write-failed.v1.js';
import { ConnectorStatusReportedV1 } from './connector-status-reported.v1.js';
import { MeterValuesReportedV1 } from './meter-values-reported.v1.js';
import { CompliancePolicyChangedV1 } from './compliance-policy-changed.v1.js';
import { CompliancePolicyCreatedV1 } from './compliance-policy-created.v1.js';
import { CpoTxDefaultProfileObservedV1 } from './cpo-tx-default-profile-observed.v1.js';
import { DeviceDelayChangeConfirmedV1 } from './device-delay-change-confirmed.v1.js';
import { DeviceDelayChangeRequestedV1 } from './device-delay-change-requested.v1.js';
import { DeviceDelayCheckedV1 } from './device-delay-checked.v1.js';
import { OffPeakDefaultIssuedV1 } from './off-peak-default-issued.v1.js';
import { OffPeakDefaultRefusedV1 } from './off-peak-default-refused.v1.js';
import { OffPeakDefaultWithdrawnV1 } from './off-peak-default-withdrawn.v1.js';
import { PlatformDelayActivatedV1 } from './platform-delay-activated.v1.js';
import { PlatformDelayDeactivatedV1 } from './platform-delay-deactivated.v1.js';
import { RandomisedDelayAppliedV1 } from './randomised-delay-applied.v1.js';
import { RandomisedDelayExemptedV1 } from './randomised-delay-exempted.v1.js';
import { TransactionStartedV1 } from './transaction-started.v1.js';
import { TransactionStoppedV1 } from './transaction-stopped.v1.js';

/**
 * The public topic a contract is published on, by its key in `topics` (contracts-api, which names them;
 * this library cannot import it: contracts-api depends on it).
 */
export type PublicTopicKey = 'chargerEvents' | 'telemetry' | 'compliance';

/** One published contract: an event type at one schema version, on one topic. */
export interface PublicContract {
  name: string;
  schemaVersion: number;
  topic: PublicTopicKey;
  schema: z.ZodType;
}

const event = (name: string, schemaVersion: number, topic: PublicTopicKey, schema: z.ZodType): PublicContract => ({
  name,
  schemaVersion,
  topic,
  schema,
});

/**
 * Every public contract ever published: versions are added, never removed or edited (docs/style.md §4). The
 * generated JSON Schemas and the AsyncAPI document (docs/contracts/) are made from this list.
 */
export const publicContracts: readonly PublicContract[] = [
  event('ChargerRegistered', 1, 'chargerEvents', ChargerRegisteredV1),
  event('ChargerBooted', 1, 'chargerEvents', ChargerBootedV1),
  event('ChargerConnected', 1, 'chargerEvents', ChargerConnectedV1),
  event('ChargerDisconnected', 1, 'chargerEvents', ChargerDisconnectedV1),
  event('ChargerConfigurationReported', 1, 'chargerEvents', ChargerConfigurationReportedV1),
  event('TransactionStarted', 1, 'chargerEvents', TransactionStartedV1),
  event('TransactionStopped', 1, 'chargerEvents', TransactionStoppedV1),
  event('ChargingProfileDesired', 1, 'chargerEvents', ChargingProfileDesiredV1),
  event('ChargingProfileRemovalDesired', 1, 'chargerEvents', ChargingProfileRemovalDesiredV1),
  event('ChargingProfileRefused', 1, 'chargerEvents', ChargingProfileRefusedV1),
  event('ChargingProfileWriteDispatched', 1, 'chargerEvents', ChargingProfileWriteDispatchedV1),
  event('ChargingProfileWriteDeferred', 1, 'chargerEvents', ChargingProfileWriteDeferredV1),
  event('ChargingProfileAccepted', 1, 'chargerEvents', ChargingProfileAcceptedV1),
  event('ChargingProfileCleared', 1, 'chargerEvents', ChargingProfileClearedV1),
  event('ChargingProfileRejectedByCharger', 1, 'chargerEvents', ChargingProfileRejectedByChargerV1),
  event('ChargingProfileWriteFailed', 1, 'chargerEvents', ChargingProfileWriteFailedV1),
  event('ChargerConfigurationDesired', 1, 'chargerEvents', ChargerConfigurationDesiredV1),
  event('ChargerConfigurationWriteDispatched', 1, 'chargerEvents', ChargerConfigurationWriteDispatchedV1),
  event('ChargerConfigurationChanged', 1, 'chargerEvents', ChargerConfigurationChangedV1),
  event('ChargerConfigurationWriteFailed', 1, 'chargerEvents', ChargerConfigurationWriteFailedV1),
  event('MeterValuesReported', 1, 'telemetry', MeterValuesReportedV1),
  event('ConnectorStatusReported', 1, 'telemetry', ConnectorStatusReportedV1),
  event('CompliancePolicyCreated', 1, 'compliance', CompliancePolicyCreatedV1),
  event('CompliancePolicyChanged', 1, 'compliance', CompliancePolicyChangedV1),
  event('PlatformDelayActivated', 1, 'compliance', PlatformDelayActivatedV1),
  event('PlatformDelayDeactivated', 1, 'compliance', PlatformDelayDeactivatedV1),
  event('RandomisedDelayApplied', 1, 'compliance', RandomisedDelayAppliedV1),
  event('RandomisedDelayExempted', 1, 'compliance', RandomisedDelayExemptedV1),
  event('DeviceDelayChecked', 1, 'compliance', DeviceDelayCheckedV1),
  event('DeviceDelayChangeRequested', 1, 'compliance', DeviceDelayChangeRequestedV1),
  event('DeviceDelayChangeConfirmed', 1, 'compliance', DeviceDelayChangeConfirmedV1),
  event('CpoTxDefaultProfileObserved', 1, 'compliance', CpoTxDefaultProfileObservedV1),
  event('OffPeakDefaultIssued', 1, 'compliance', OffPeakDefaultIssuedV1),
  event('OffPeakDefaultRefused', 1, 'compliance', OffPeakDefaultRefusedV1),
  event('OffPeakDefaultWithdrawn', 1, 'compliance', OffPeakDefaultWithdrawnV1),
];

/** `ChargingProfileAccepted` → `charging-profile-accepted.v1`: the base name of the contract's files. */
export function contractFileName(contract: Pick<PublicContract, 'name' | 'schemaVersion'>): string {
  const kebab = contract.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${kebab}.v${contract.schemaVersion}`;
}
