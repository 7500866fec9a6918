import type { PeakWindow } from '@chargeplane/contracts-events';
import { buildOffPeakDefault, GB_PEAK_WINDOWS } from '../off-peak/off-peak-default.js';
import { offPeakNotRequired } from '../policy/policy-status.js';
import { offPeakSpecKey, type PolicyState } from '../policy/policy-state.js';
import type { PlanOptions, PlanPart } from './plan-types.js';

/**
 * Reg 10: while the charger needs the platform's default (enabled, no DSR agreement, not removed by the
 * owner, no TxDefaultProfile of the CPO) keep one issued: after the onboarding grace, again ahead of its
 * horizon or clock change, and whenever what it is built from changed. Otherwise withdraw it.
 */
export function planOffPeak(state: PolicyState, nowMs: number, o: PlanOptions): PlanPart {
  const { issued, refused } = state.offPeak;
  const notRequired = offPeakNotRequired(state);
  if (notRequired !== null)
    return { actions: issued ? [{ kind: 'withdraw-off-peak-default', reason: notRequired }] : [], wakeAtMs: null };
  const graceEnd = (state.createdAtMs ?? nowMs) + o.offPeakGraceSeconds * 1000;
  if (nowMs < graceEnd && issued === null) return { actions: [], wakeAtMs: graceEnd };
  const choice = state.settings.offPeakDefault.ownerChoice;
  const blockedWindows: PeakWindow[] =
    choice?.choice === 'change' && choice.blockedWindows ? choice.blockedWindows : [...GB_PEAK_WINDOWS];
  const overrideUntilMs =
    choice?.choice === 'override' && choice.overrideUntil ? Date.parse(choice.overrideUntil) : null;
  const max = state.settings.randomisedDelay.maxDelaySeconds;
  const spec = offPeakSpecKey(blockedWindows, overrideUntilMs, state.platformDelayActive, max);
  if (issued !== null && issued.specKey === spec && nowMs < issued.nextWriteAtMs)
    return { actions: [], wakeAtMs: issued.nextWriteAtMs };
  if (refused !== null && nowMs < refused.atMs + o.refusedRetrySeconds * 1000)
    return { actions: [], wakeAtMs: refused.atMs + o.refusedRetrySeconds * 1000 };
  const connectorId = state.model === 'zappi' ? 1 : 0;
  const built = buildOffPeakDefault({
    nowMs,
    connectorId,
    allowLimitA: o.offPeakAllowLimitA,
    blockedWindows,
    overrideUntilMs,
    horizonDays: o.offPeakHorizonDays,
    leadSeconds: o.offPeakLeadSeconds,
  });
  return {
    actions: [{ kind: 'issue-off-peak-default', connectorId, built, blockedWindows, overrideUntilMs }],
    wakeAtMs: null,
  };
}
