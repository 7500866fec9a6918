import type { ComplianceEvent } from '@chargeplane/contracts-events';
import { sameProfile } from '@chargeplane/smart-charging-domain';
import {
  deviceDelayOn,
  offPeakSpecKey,
  type AppliedDelay,
  type DelayedRemoval,
  type PolicyState,
} from './policy-state.js';

/** How many profile ids' delay decisions are kept (the oldest go first); enough for every profile a charger holds. */
const APPLIED_KEPT = 64;
const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

function remember(state: PolicyState, id: number, applied: AppliedDelay): PolicyState['applied'] {
  const entries = Object.entries({ ...state.applied, [id]: applied }).sort(([, a], [, b]) => a.atMs - b.atMs);
  return Object.fromEntries(entries.slice(-APPLIED_KEPT));
}

/** Decisions kept by profile id, without `id`. */
function withoutId<T>(record: Readonly<Record<number, T>>, id: number): Record<number, T> {
  const { [id]: _dropped, ...rest } = record;
  return rest;
}

/** Removals under way without `id`, and without those that ended a day before `atMs` (kept small). */
function openRemovals(state: PolicyState, id: number, atMs: number): Record<number, DelayedRemoval> {
  return Object.fromEntries(
    Object.entries(withoutId(state.removals, id)).filter(([, r]) => r.endsAtMs >= atMs - 86_400_000),
  );
}

/** Folds one compliance event into the policy state. */
export function evolvePolicy(state: PolicyState, event: ComplianceEvent): PolicyState {
  const at = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'CompliancePolicyCreated':
      return {
        ...state,
        exists: true,
        tenantId: event.data.tenantId,
        model: event.data.model,
        createdAtMs: at,
        settings: event.data.settings,
      };
    case 'CompliancePolicyChanged':
      return { ...state, settings: event.data.settings };
    case 'PlatformDelayActivated':
      return { ...state, platformDelayActive: true };
    case 'PlatformDelayDeactivated':
      return { ...state, platformDelayActive: false };
    case 'RandomisedDelayApplied':
    case 'RandomisedDelayExempted': {
      const d = event.data;
      const settings = d.overrideConsumed ? { ...state.settings, ownerOverride: null } : state.settings;
      const removals = openRemovals(state, d.chargingProfileId, at);
      if (d.removal) {
        const schedule = d.deliveredProfile.chargingSchedule;
        const held = event.type === 'RandomisedDelayApplied' && !sameProfile(d.deliveredProfile, d.nominalProfile);
        const tail =
          held && schedule.duration !== undefined && d.deliveredProfile.chargingProfileKind === 'Absolute'
            ? {
                connectorId: d.connectorId,
                tail: d.deliveredProfile,
                endsAtMs: Date.parse(schedule.startSchedule!) + schedule.duration * 1000,
              }
            : null;
        return {
          ...state,
          settings,
          applied: withoutId(state.applied, d.chargingProfileId),
          removals: tail ? { ...removals, [d.chargingProfileId]: tail } : removals,
        };
      }
      // An equivalent delay was already recorded: that decision stands as it was.
      if (event.type === 'RandomisedDelayExempted' && event.data.reason === 'equivalent-delay-applied')
        return { ...state, settings };
      const applied: AppliedDelay = {
        connectorId: d.connectorId,
        nominal: d.nominalProfile,
        delivered: d.deliveredProfile,
        maxDelaySeconds:
          event.type === 'RandomisedDelayApplied'
            ? event.data.maxDelaySeconds
            : state.settings.randomisedDelay.maxDelaySeconds,
        delayed: event.type === 'RandomisedDelayApplied',
        exemption: event.type === 'RandomisedDelayExempted' ? event.data.reason : null,
        draws: event.type === 'RandomisedDelayApplied' ? event.data.delays : [],
        refreshAtMs: event.type === 'RandomisedDelayApplied' ? ms(event.data.refreshAt) : null,
        overrideConsumed: d.overrideConsumed !== null,
        atMs: at,
      };
      return { ...state, settings, removals, applied: remember(state, d.chargingProfileId, applied) };
    }
    case 'DeviceDelayChecked': {
      const d = event.data;
      const reported =
        d.trigger === 'configuration-report' ? { reported: d.value, reportedAtMs: at, keyUnknown: d.keyUnknown } : {};
      const lastNonZero = deviceDelayOn(d.value) ? d.value : state.deviceDelay.lastNonZero;
      return {
        ...state,
        deviceDelay: {
          ...state.deviceDelay,
          ...reported,
          lastNonZero,
          lastCheck: { value: d.value, compliant: d.compliant },
        },
      };
    }
    case 'DeviceDelayChangeRequested':
      return { ...state, deviceDelay: { ...state.deviceDelay, pending: { value: event.data.value, atMs: at } } };
    case 'DeviceDelayChangeConfirmed': {
      const { value, status } = event.data;
      const device = state.deviceDelay;
      if (status === 'Accepted') {
        const compliant = state.platformDelayActive || deviceDelayOn(value);
        return {
          ...state,
          deviceDelay: {
            ...device,
            reported: value,
            reportedAtMs: at,
            keyUnknown: false,
            lastNonZero: deviceDelayOn(value) ? value : device.lastNonZero,
            pending: null,
            refused: null,
            lastCheck: { value, compliant },
          },
        };
      }
      if (status === 'Rejected' || status === 'NotSupported')
        return { ...state, deviceDelay: { ...device, pending: null, refused: { value, status, atMs: at } } };
      // RebootRequired (effective after a reboot) or no answer: still on its way, asked again after the retry interval.
      return state;
    }
    case 'CpoTxDefaultProfileObserved':
      return { ...state, cpoTxDefaultProfileId: event.data.chargingProfileId };
    case 'OffPeakDefaultIssued': {
      const d = event.data;
      const specKey = offPeakSpecKey(
        d.blockedWindows,
        ms(d.overrideUntil),
        state.platformDelayActive,
        state.settings.randomisedDelay.maxDelaySeconds,
      );
      const issued = {
        connectorId: d.connectorId,
        profile: d.chargingProfile,
        horizonEndMs: Date.parse(d.horizonEnd),
        nextWriteAtMs: Date.parse(d.nextWriteAt),
        specKey,
        atMs: at,
      };
      return { ...state, offPeak: { issued, refused: null } };
    }
    case 'OffPeakDefaultRefused':
      return {
        ...state,
        offPeak: { ...state.offPeak, refused: { atMs: at, code: event.data.code, message: event.data.message } },
      };
    case 'OffPeakDefaultWithdrawn':
      return { ...state, offPeak: { issued: null, refused: null } };
  }
}
