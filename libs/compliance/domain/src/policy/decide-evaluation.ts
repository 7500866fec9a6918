import type { ComplianceEvaluateReply } from '@chargeplane/contracts-api';
import type { ComplianceEvent, ComplianceEventOf, RelevantTimeExemption } from '@chargeplane/contracts-events';
import { capabilitiesFor, sameProfile, type InstalledProfile } from '@chargeplane/smart-charging-domain';
import { decideDelays, type TimeExemption } from '../delay/evaluate-delays.js';
import { analyseSchedule } from '../delay/relevant-times.js';
import type { ChargerProfileView } from '../plan/plan-types.js';
import type { PolicyCommand } from './policy-commands.js';
import type { AppliedDelay, PolicyState } from './policy-state.js';

type Evaluate = Extract<PolicyCommand, { type: 'EvaluateProfile' }>;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const exemptionData = (e: TimeExemption): RelevantTimeExemption => ({
  change: e.relevant.change,
  nominalStartPeriod: e.relevant.nominalOffset,
  nominalAt: iso(e.relevant.nominalAtMs),
  reason: e.reason,
  ...(e.relevant.point.at === 'installation' ? { installation: true } : {}),
});

/** What the charger has confirmed: the limit in force before a write comes from these (rule G1). */
export const confirmedProfiles = (profiles: readonly ChargerProfileView[]): InstalledProfile[] =>
  profiles.flatMap((p) => (p.confirmed ? [{ connectorId: p.connectorId, profile: p.confirmed }] : []));

/**
 * Reg 11 (b): an equivalent delay was already applied to this relevant time. True for our own delivered
 * profile coming back, and for the same nominal profile under the same maximum while its draws stand.
 */
function alreadyDelayed(
  previous: AppliedDelay | undefined,
  c: Evaluate,
  maxDelaySeconds: number,
): previous is AppliedDelay {
  // A fresh draw was asked for (refresh, re-issue): nothing counts as equivalent.
  if (c.fresh || !previous?.delayed || previous.connectorId !== c.connectorId) return false;
  if (sameProfile(c.profile, previous.delivered)) return true;
  const drawsStand =
    previous.maxDelaySeconds === maxDelaySeconds && (previous.refreshAtMs === null || c.now < previous.refreshAtMs);
  return drawsStand && sameProfile(c.profile, previous.nominal);
}

/**
 * Platform delay of one profile (only while the platform delay is active): the draws, or the exemption
 * and its reason. A profile without relevant times, or in device mode, produces no event.
 */
export function decideEvaluation(c: Evaluate, state: PolicyState): ComplianceEvent[] {
  if (!state.exists || !state.platformDelayActive) return [];
  const settings = state.settings;
  const max = settings.randomisedDelay.maxDelaySeconds;
  const occurredAt = new Date(c.now).toISOString();
  const base = { connectorId: c.connectorId, chargingProfileId: c.profile.chargingProfileId, trigger: c.trigger };
  const exemptAll = settings.dsrResponseActive
    ? 'dsr-response'
    : settings.ownerOverride?.scope === 'until-further-notice'
      ? 'owner-override'
      : null;
  const previous = state.applied[c.profile.chargingProfileId];
  if (!exemptAll && alreadyDelayed(previous, c, max)) {
    const relevant = analyseSchedule(previous.nominal, c.now)?.relevant ?? [];
    if (relevant.length === 0) return [];
    const exemptions = relevant.map((r) => exemptionData({ relevant: r, reason: 'equivalent-delay-applied' }));
    return [
      delayEvent('RandomisedDelayExempted', occurredAt, {
        ...base,
        reason: 'equivalent-delay-applied',
        exemptions,
        overrideConsumed: null,
        nominalProfile: previous.nominal,
        deliveredProfile: previous.delivered,
      }),
    ];
  }
  const outcome = decideDelays({
    profile: c.profile,
    nowMs: c.now,
    maxDelaySeconds: max,
    exemptAll,
    exemptNext: settings.ownerOverride?.scope === 'next-relevant-time',
    random: c.random,
    installation: {
      installed: confirmedProfiles(c.profiles),
      connectorId: c.connectorId,
      caps: capabilitiesFor(state.model, {}),
    },
  });
  const overrideConsumed = outcome.kind !== 'nothing-to-delay' && outcome.overrideUsed ? settings.ownerOverride : null;
  switch (outcome.kind) {
    case 'nothing-to-delay':
      return [];
    case 'exempt':
      return [
        delayEvent('RandomisedDelayExempted', occurredAt, {
          ...base,
          reason: outcome.reason,
          exemptions: outcome.exemptions.map(exemptionData),
          overrideConsumed,
          nominalProfile: c.profile,
          deliveredProfile: c.profile,
        }),
      ];
    case 'delayed':
      return [
        delayEvent('RandomisedDelayApplied', occurredAt, {
          ...base,
          maxDelaySeconds: max,
          randomSource: c.random.name,
          delays: outcome.delays.map((d) => ({
            change: d.relevant.change,
            nominalStartPeriod: d.relevant.nominalOffset,
            startPeriod: d.startPeriod,
            nominalAt: iso(d.relevant.nominalAtMs),
            delaySeconds: d.delaySeconds,
            boundSeconds: d.boundSeconds,
            ...(d.relevant === outcome.installation?.relevant
              ? {
                  installation: {
                    method: outcome.installation.method,
                    limitBefore: outcome.installation.before,
                    limitAfter: outcome.installation.after,
                  },
                }
              : {}),
          })),
          exemptions: outcome.exemptions.map(exemptionData),
          overrideConsumed,
          nominalProfile: c.profile,
          deliveredProfile: outcome.profile,
          refreshAt: iso(outcome.refreshAtMs),
        }),
      ];
  }
}

export function delayEvent<T extends 'RandomisedDelayApplied' | 'RandomisedDelayExempted'>(
  type: T,
  occurredAt: string,
  data: ComplianceEventOf<T>['data'],
): ComplianceEvent {
  return { type, schemaVersion: 1, occurredAt, data } as ComplianceEvent;
}

/** The answer to `compliance.gb.evaluate`, read off the state before and the events decided. */
export function evaluationReply(
  before: PolicyState,
  events: readonly ComplianceEvent[],
  nominal: ComplianceEvaluateReply['chargingProfile'],
): ComplianceEvaluateReply {
  if (!before.exists || !before.platformDelayActive)
    return { chargingProfile: nominal, delays: [], exemption: 'device-mode', exemptions: [], refreshAt: null };
  const decision = events.find((e) => e.type === 'RandomisedDelayApplied' || e.type === 'RandomisedDelayExempted');
  if (!decision) return { chargingProfile: nominal, delays: [], exemption: null, exemptions: [], refreshAt: null };
  const exemptions = decision.data.exemptions.map((e) => ({
    nominalStartPeriod: e.nominalStartPeriod,
    reason: e.reason,
  }));
  if (decision.type === 'RandomisedDelayExempted') {
    return {
      chargingProfile: decision.data.deliveredProfile,
      delays: [],
      exemption: decision.data.reason,
      exemptions,
      refreshAt: null,
    };
  }
  const delays = decision.data.delays.map((d) => ({
    startPeriod: d.startPeriod,
    nominalStartPeriod: d.nominalStartPeriod,
    delaySeconds: d.delaySeconds,
  }));
  return {
    chargingProfile: decision.data.deliveredProfile,
    delays,
    exemption: null,
    exemptions,
    refreshAt: decision.data.refreshAt,
  };
}
