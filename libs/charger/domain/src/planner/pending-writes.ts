import type { SetChargingProfileRequest } from '@chargeplane/contracts-ocpp';
import {
  desiredOf,
  installedAfterSet,
  installedOf,
  isOnCharger,
  sameInstalled,
  replaces,
  slotsUsed,
  type DeviceCapabilities,
} from '@chargeplane/smart-charging-domain';
import type { ChargerState, ProfileRecord } from '../state.js';

export type PendingWrite =
  | { action: 'SetChargingProfile'; chargingProfileId: number; request: SetChargingProfileRequest }
  | { action: 'ClearChargingProfile'; chargingProfileId: number; request: { id: number } };

/**
 * A refused or failed write is not retried blindly: it waits for a new desired state (docs/domain/validation-rules.md §5),
 * except the one retry a budgeted device gets once its window has freed (its refusal may have been the limit).
 */
const settledBadly = (r: ProfileRecord, now: number) =>
  r.outcome === 'failed' || (r.outcome === 'rejected' && (r.retryAt === null || now < r.retryAt));

/**
 * L11: after a timeout the resend of that profile waits one call timeout, so that a late answer (the charger
 * stored it after all) can settle it without a second write.
 */
function awaitingLateAnswer(state: ChargerState, r: ProfileRecord, caps: DeviceCapabilities, now: number): boolean {
  const late = state.lastTimedOut;
  if (late?.chargingProfileId !== r.chargingProfileId || now >= late.at + caps.callTimeoutSeconds * 1000) return false;
  // Only the resend of the same write waits: a late answer cannot make any other write unnecessary.
  return r.desired ? late.sent !== null && sameInstalled(r.desired, late.sent) : late.action === 'ClearChargingProfile';
}

/**
 * The writes that would bring the charger from confirmed to desired, clears first (they free slots).
 * An unchanged profile needs no write; a confirmed profile that a desired one will replace needs no clear.
 * Only the latest desired state of each profile appears: deferred changes coalesce by construction.
 */
export function pendingWrites(state: ChargerState, caps: DeviceCapabilities, now: number): PendingWrite[] {
  const records = Object.values(state.profiles).sort((a, b) => a.chargingProfileId - b.chargingProfileId);
  const targets = desiredOf(state);
  const clears: PendingWrite[] = [];
  const sets: PendingWrite[] = [];
  for (const r of records) {
    if (settledBadly(r, now) || awaitingLateAnswer(state, r, caps, now)) continue;
    // After a timeout the device state is unknown: the confirmed profile never counts as identical (§2.1, D5).
    if (r.desired && !isOnCharger(r)) {
      sets.push({
        action: 'SetChargingProfile',
        chargingProfileId: r.chargingProfileId,
        request: { connectorId: r.desired.connectorId, csChargingProfiles: r.desired.profile },
      });
    } else if (
      !r.desired &&
      (r.confirmed || r.outcome === 'unknown') &&
      !(r.confirmed && targets.some((t) => replaces(r.confirmed!, t, caps)))
    ) {
      // Unknown (a timed-out first write): the device may hold it, so a removal still clears it by id.
      clears.push({
        action: 'ClearChargingProfile',
        chargingProfileId: r.chargingProfileId,
        request: { id: r.chargingProfileId },
      });
    }
  }
  return [...clears, ...sets];
}

/**
 * The pending write to send next: a clear if any (pendingWrites lists them first); otherwise, on a device
 * with a slot pool, the set that leaves the fewest slots in use, so that no single write takes the device
 * over its pool on the way to the desired state (V21 counts the profiles installed after *this* write).
 * When even that set would overflow the pool (a replacement it counted on was refused), none is sent: the
 * charger would refuse it or worse (F7); it waits until a change frees slots.
 */
export function firstWrite(
  pending: readonly PendingWrite[],
  state: ChargerState,
  caps: DeviceCapabilities,
): PendingWrite | undefined {
  const pool = caps.slotPool;
  if (pool === null || pending[0]?.action !== 'SetChargingProfile') return pending[0];
  const installed = installedOf(state);
  const slotsAfter = (w: PendingWrite) =>
    w.action === 'SetChargingProfile'
      ? slotsUsed(
          installedAfterSet(
            installed,
            { connectorId: w.request.connectorId, profile: w.request.csChargingProfiles },
            caps,
          ),
        )
      : 0;
  const best = pending.reduce((a, w) => (slotsAfter(w) < slotsAfter(a) ? w : a));
  return slotsAfter(best) <= pool ? best : undefined;
}
