import { z } from 'zod';
import * as delay from './delay.events.js';
import * as device from './device-delay.events.js';
import * as offPeak from './off-peak.events.js';
import * as policy from './policy.events.js';

/** Every event of a charger's compliance stream. Type strings are permanent (docs/style.md). */
export const ComplianceEvent = z.discriminatedUnion('type', [
  policy.CompliancePolicyCreated,
  policy.CompliancePolicyChanged,
  policy.PlatformDelayActivated,
  policy.PlatformDelayDeactivated,
  delay.RandomisedDelayApplied,
  delay.RandomisedDelayExempted,
  device.DeviceDelayChecked,
  device.DeviceDelayChangeRequested,
  device.DeviceDelayChangeConfirmed,
  offPeak.CpoTxDefaultProfileObserved,
  offPeak.OffPeakDefaultIssued,
  offPeak.OffPeakDefaultRefused,
  offPeak.OffPeakDefaultWithdrawn,
]);
export type ComplianceEvent = z.infer<typeof ComplianceEvent>;
export type ComplianceEventType = ComplianceEvent['type'];
export type ComplianceEventOf<T extends ComplianceEventType> = Extract<ComplianceEvent, { type: T }>;

/** The stream of one charger's compliance events. */
export const complianceStreamId = (chargerId: string): string => `compliance-${chargerId}`;
