import type { PutCompliancePolicyBody } from '@chargeplane/contracts-api';
import type { ComplianceEventOf, DelayTrigger, PeakWindow } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { DeviceModel } from '@chargeplane/smart-charging-domain';
import type { RandomSource } from '../delay/random-source.js';
import type { ChargerProfileView } from '../plan/plan-types.js';

type Base = { now: number };
type RequestedData = ComplianceEventOf<'DeviceDelayChangeRequested'>['data'];
type WithdrawnData = ComplianceEventOf<'OffPeakDefaultWithdrawn'>['data'];

/** Commands on a charger's compliance policy. Time (`now`, ms) and randomness arrive with the command. */
export type PolicyCommand =
  | (Base & { type: 'CreatePolicy'; tenantId: string; model: DeviceModel })
  | (Base & { type: 'ChangePolicy'; body: PutCompliancePolicyBody; actor: string })
  | (Base & {
      type: 'EvaluateProfile';
      connectorId: number;
      profile: ChargingProfile;
      trigger: DelayTrigger;
      fresh: boolean;
      random: RandomSource;
      /** The charger's profiles (what it confirmed gives the limit in force before the write). */
      profiles: readonly ChargerProfileView[];
    })
  /** A profile is to be removed: is the removal a relevant time, and how is it delayed (rule G1)? */
  | (Base & {
      type: 'EvaluateRemoval';
      chargingProfileId: number;
      trigger: DelayTrigger;
      random: RandomSource;
      profiles: readonly ChargerProfileView[];
    })
  /** `reading` null: the charger booted, check the last value known. */
  | (Base & { type: 'RecordDeviceDelayReading'; reading: { value: string | null; keyUnknown: boolean } | null })
  | (Base & { type: 'RecordDeviceDelayChangeRequested' } & Omit<RequestedData, 'key'>)
  | (Base & { type: 'RecordDeviceDelayChangeOutcome'; value: string; status: string })
  | (Base & { type: 'ObserveCpoTxDefaultProfile'; chargingProfileId: number | null })
  | (Base & {
      type: 'RecordOffPeakDefaultIssued';
      connectorId: number;
      profile: ChargingProfile;
      blockedWindows: PeakWindow[];
      overrideUntilMs: number | null;
      horizonEndMs: number;
      nextWriteAtMs: number;
      nextWriteReason: 'horizon-end' | 'clock-change';
      status: RequestedData['status'];
    })
  | (Base & { type: 'RecordOffPeakDefaultRefused'; code: string; message: string })
  | (Base & {
      type: 'RecordOffPeakDefaultWithdrawn';
      reason: WithdrawnData['reason'];
      status: WithdrawnData['status'];
    });
