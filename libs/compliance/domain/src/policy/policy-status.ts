import { OFF_PEAK_DEFAULT_PROFILE_ID, type ComplianceEventOf } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { periodAt } from '../delay/schedule-limit.js';
import type { ChargerProfileView } from '../plan/plan-types.js';
import { deviceDelayOn, isZeroDelay, type PolicyState } from './policy-state.js';

export interface ComplianceVerdict {
  status: 'compliant' | 'non-compliant';
  reasons: string[];
}

type WithdrawReason = ComplianceEventOf<'OffPeakDefaultWithdrawn'>['data']['reason'];

/** Why the platform must not keep a default off-peak profile on this charger (reg 10), or null when it must. */
export function offPeakNotRequired(state: PolicyState): WithdrawReason | null {
  const s = state.settings;
  if (!s.offPeakDefault.enabled) return 'disabled';
  if (s.dsrAgreement) return 'dsr-agreement';
  if (s.offPeakDefault.ownerChoice?.choice === 'remove') return 'owner-removed';
  if (state.cpoTxDefaultProfileId !== null) return 'cpo-tx-default-profile';
  return null;
}

function deviceDelayReasons(state: PolicyState): string[] {
  // While the platform delays, the charger's key may be anything: relevant times are covered.
  if (state.platformDelayActive) return [];
  const d = state.deviceDelay;
  const reasons: string[] = [];
  if (d.reportedAtMs === null) reasons.push('device-delay-unverified');
  else if (d.keyUnknown) reasons.push('device-delay-key-unknown');
  else if (d.reported === null) reasons.push('device-delay-missing');
  else if (isZeroDelay(d.reported)) reasons.push('device-delay-disabled');
  if (d.refused !== null && !deviceDelayOn(d.reported)) reasons.push('device-delay-change-refused');
  return reasons;
}

/** An accepted default that has not ended (one starting a little later, after its own delay, counts: G1). */
function stillRunning(profile: ChargingProfile, nowMs: number): boolean {
  const { startSchedule, duration } = profile.chargingSchedule;
  if (startSchedule === undefined) return periodAt(profile, nowMs) !== null;
  return duration === undefined || nowMs < Date.parse(startSchedule) + duration * 1000;
}

/**
 * Reg 10 (rule G4): the default hours count as present only while a default the charger accepted runs
 * (confirmed, not merely issued). Issued and not yet accepted: pending for the grace after it was issued
 * (or after registration), unconfirmed after that.
 */
function offPeakReasons(
  state: PolicyState,
  nowMs: number,
  graceSeconds: number,
  profiles: readonly ChargerProfileView[],
): string[] {
  if (offPeakNotRequired(state) !== null) return [];
  const confirmed = profiles.find((p) => p.chargingProfileId === OFF_PEAK_DEFAULT_PROFILE_ID)?.confirmed ?? null;
  if (confirmed !== null && stillRunning(confirmed, nowMs)) return [];
  const { issued, refused } = state.offPeak;
  const inGrace = (sinceMs: number | null) => sinceMs !== null && nowMs < sinceMs + graceSeconds * 1000;
  if (issued === null) {
    if (refused !== null) return ['off-peak-default-refused'];
    return [inGrace(state.createdAtMs) ? 'off-peak-default-pending' : 'off-peak-default-missing'];
  }
  if (issued.horizonEndMs <= nowMs) return ['off-peak-default-expired'];
  return [
    inGrace(issued.atMs) || inGrace(state.createdAtMs) ? 'off-peak-default-pending' : 'off-peak-default-unconfirmed',
  ];
}

/** A charger's GB compliance at `nowMs`, from its policy and its profiles: compliant, or non-compliant with every reason. */
export function complianceVerdict(
  state: PolicyState,
  nowMs: number,
  offPeakGraceSeconds: number,
  profiles: readonly ChargerProfileView[],
): ComplianceVerdict {
  const reasons = [...deviceDelayReasons(state), ...offPeakReasons(state, nowMs, offPeakGraceSeconds, profiles)];
  return { status: reasons.length === 0 ? 'compliant' : 'non-compliant', reasons };
}
