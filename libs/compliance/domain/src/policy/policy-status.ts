import type { ComplianceEventOf } from '@chargeplane/contracts-events';
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

function offPeakReasons(state: PolicyState, nowMs: number, graceSeconds: number): string[] {
  if (offPeakNotRequired(state) !== null) return [];
  const { issued, refused } = state.offPeak;
  if (issued === null) {
    if (refused !== null) return ['off-peak-default-refused'];
    const inGrace = state.createdAtMs !== null && nowMs < state.createdAtMs + graceSeconds * 1000;
    return [inGrace ? 'off-peak-default-pending' : 'off-peak-default-missing'];
  }
  return issued.horizonEndMs <= nowMs ? ['off-peak-default-expired'] : [];
}

/** A charger's GB compliance at `nowMs`: compliant, or non-compliant with every reason. */
export function complianceVerdict(state: PolicyState, nowMs: number, offPeakGraceSeconds: number): ComplianceVerdict {
  const reasons = [...deviceDelayReasons(state), ...offPeakReasons(state, nowMs, offPeakGraceSeconds)];
  return { status: reasons.length === 0 ? 'compliant' : 'non-compliant', reasons };
}
