import type { ComplianceEvaluateRemovalReply } from '@chargeplane/contracts-api';
import type { ComplianceEvent } from '@chargeplane/contracts-events';
import { capabilitiesFor, sameProfile } from '@chargeplane/smart-charging-domain';
import { decideRemovalDelay } from '../delay/removal-delay.js';
import { confirmedProfiles, delayEvent, exemptionData } from './decide-evaluation.js';
import type { PolicyCommand } from './policy-commands.js';
import type { PolicyState } from './policy-state.js';

type EvaluateRemoval = Extract<PolicyCommand, { type: 'EvaluateRemoval' }>;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A removal while the platform delays (rule G1). Nothing to decide when the charger never confirmed the
 * profile, or when, on a single-TxDefault charger (zappi, Z8), another TxDefaultProfile is desired: that
 * one replaces it, and its own installation is evaluated when it is written.
 */
export function decideRemoval(c: EvaluateRemoval, state: PolicyState): ComplianceEvent[] {
  if (!state.exists || !state.platformDelayActive) return [];
  const view = c.profiles.find((p) => p.chargingProfileId === c.chargingProfileId);
  if (!view?.confirmed) return [];
  // Already held back (a repeated DELETE): the running hold stands, it is not drawn again.
  const running = state.removals[c.chargingProfileId];
  if (running && running.endsAtMs > c.now && sameProfile(view.confirmed, running.tail)) return [];
  const caps = capabilitiesFor(state.model, {});
  const replaced =
    caps.singleTxDefaultProfile &&
    view.confirmed.chargingProfilePurpose === 'TxDefaultProfile' &&
    c.profiles.some(
      (p) => p.chargingProfileId !== c.chargingProfileId && p.desired?.chargingProfilePurpose === 'TxDefaultProfile',
    );
  if (replaced) return [];
  const settings = state.settings;
  const outcome = decideRemovalDelay({
    removed: { connectorId: view.connectorId, profile: view.confirmed },
    installed: confirmedProfiles(c.profiles),
    nowMs: c.now,
    maxDelaySeconds: settings.randomisedDelay.maxDelaySeconds,
    exemptAll: settings.dsrResponseActive
      ? 'dsr-response'
      : settings.ownerOverride?.scope === 'until-further-notice'
        ? 'owner-override'
        : null,
    exemptNext: settings.ownerOverride?.scope === 'next-relevant-time',
    random: c.random,
  });
  const base = {
    connectorId: view.connectorId,
    chargingProfileId: c.chargingProfileId,
    trigger: c.trigger,
    nominalProfile: view.confirmed,
    removal: true,
  };
  switch (outcome.kind) {
    case 'nothing-to-delay':
      return [];
    case 'exempt':
      return [
        delayEvent('RandomisedDelayExempted', iso(c.now), {
          ...base,
          reason: outcome.reason,
          exemptions: [exemptionData({ relevant: outcome.relevant, reason: outcome.reason })],
          overrideConsumed: outcome.overrideUsed ? settings.ownerOverride : null,
          deliveredProfile: view.confirmed,
        }),
      ];
    case 'delayed': {
      const d = outcome.delay;
      return [
        delayEvent('RandomisedDelayApplied', iso(c.now), {
          ...base,
          maxDelaySeconds: settings.randomisedDelay.maxDelaySeconds,
          randomSource: c.random.name,
          delays: [
            {
              change: d.relevant.change,
              nominalStartPeriod: 0,
              startPeriod: d.startPeriod,
              nominalAt: iso(d.relevant.nominalAtMs!),
              delaySeconds: d.delaySeconds,
              boundSeconds: d.boundSeconds,
              installation: { method: 'removal', limitBefore: outcome.before, limitAfter: outcome.after },
            },
          ],
          exemptions: [],
          overrideConsumed: null,
          deliveredProfile: outcome.tail ?? view.confirmed,
          refreshAt: null,
        }),
      ];
    }
  }
}

/**
 * The answer to a removal asked of `compliance.gb.evaluate`: the profile that replaces the removed one
 * until its delayed end (profile-command desires it instead of removing), or null: remove it now. A removal
 * already held back at `nowMs` is answered with its running holding profile.
 */
export function removalReply(
  before: PolicyState,
  events: readonly ComplianceEvent[],
  chargingProfileId: number,
  nowMs: number,
): ComplianceEvaluateRemovalReply {
  if (!before.exists || !before.platformDelayActive) return { replacement: null, delays: [], exemption: 'device-mode' };
  const decision = events.find((e) => e.type === 'RandomisedDelayApplied' || e.type === 'RandomisedDelayExempted');
  if (decision?.type === 'RandomisedDelayExempted')
    return { replacement: null, delays: [], exemption: decision.data.reason };
  if (decision?.type !== 'RandomisedDelayApplied') {
    const running = before.removals[chargingProfileId];
    const replacement =
      running && running.endsAtMs > nowMs ? { connectorId: running.connectorId, chargingProfile: running.tail } : null;
    return { replacement, delays: [], exemption: null };
  }
  const d = decision.data;
  const delays = d.delays.map((x) => ({
    startPeriod: x.startPeriod,
    nominalStartPeriod: x.nominalStartPeriod,
    delaySeconds: x.delaySeconds,
  }));
  const held = delays.some((x) => x.delaySeconds > 0);
  return {
    replacement: held ? { connectorId: d.connectorId, chargingProfile: d.deliveredProfile } : null,
    delays,
    exemption: null,
  };
}
