import type { ComplianceEventOf, DelayTrigger, PeakWindow } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { OffPeakDefault } from '../off-peak/off-peak-default.js';

/** One profile id on the charger as the charger stream shows it: what is desired, what the charger confirmed. */
export interface ChargerProfileView {
  chargingProfileId: number;
  connectorId: number;
  desired: ChargingProfile | null;
  confirmed: ChargingProfile | null;
  /**
   * The profile ledger's answer (D6): the charger holds what is desired — the desired content confirmed and not
   * since put in doubt by a write of unknown outcome (L8), or for a removal nothing. Never re-derived here.
   */
  inSync: boolean;
}

export interface PlanOptions {
  /** After registration, how long the CPO has to desire its own TxDefaultProfile before the platform's default goes out. */
  offPeakGraceSeconds: number;
  offPeakAllowLimitA: number;
  offPeakHorizonDays: number;
  /** How long before a default runs out its successor is written. */
  offPeakLeadSeconds: number;
  /** How long an unanswered request waits before it is asked again. */
  retrySeconds: number;
  /** How long after a refusal the same write is tried again. */
  refusedRetrySeconds: number;
}

type RequestedData = ComplianceEventOf<'DeviceDelayChangeRequested'>['data'];

/** A write the platform has to ask profile-command for; its answer is recorded afterwards. */
export type PlannedAction =
  | {
      kind: 'set-device-delay';
      value: string;
      valueSource: RequestedData['valueSource'];
      reason: RequestedData['reason'];
    }
  | {
      kind: 'issue-off-peak-default';
      connectorId: number;
      built: OffPeakDefault;
      blockedWindows: PeakWindow[];
      overrideUntilMs: number | null;
    }
  | { kind: 'withdraw-off-peak-default'; reason: ComplianceEventOf<'OffPeakDefaultWithdrawn'>['data']['reason'] }
  /** A delayed removal's holding profile has ended: remove it (rule G1). */
  | { kind: 'remove-held-profile'; chargingProfileId: number }
  | {
      kind: 'redelay-profile';
      connectorId: number;
      nominal: ChargingProfile;
      current: ChargingProfile;
      trigger: DelayTrigger;
    };

/** Part of a plan: the actions due now, and when to look again (null: nothing scheduled). */
export interface PlanPart {
  actions: PlannedAction[];
  wakeAtMs: number | null;
}

export const earliest = (...times: (number | null)[]): number | null => {
  const known = times.filter((t): t is number => t !== null);
  return known.length === 0 ? null : Math.min(...known);
};
