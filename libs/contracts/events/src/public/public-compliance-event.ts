import { z } from 'zod';
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

/** The current public version of every event on `chargeplane.compliance.v1` (the GB audit). */
export const PublicComplianceEvent = z.discriminatedUnion('type', [
  CompliancePolicyCreatedV1,
  CompliancePolicyChangedV1,
  PlatformDelayActivatedV1,
  PlatformDelayDeactivatedV1,
  RandomisedDelayAppliedV1,
  RandomisedDelayExemptedV1,
  DeviceDelayCheckedV1,
  DeviceDelayChangeRequestedV1,
  DeviceDelayChangeConfirmedV1,
  CpoTxDefaultProfileObservedV1,
  OffPeakDefaultIssuedV1,
  OffPeakDefaultRefusedV1,
  OffPeakDefaultWithdrawnV1,
]);
export type PublicComplianceEvent = z.infer<typeof PublicComplianceEvent>;
