import type { SetChargingProfileRequest } from '@chargeplane/contracts-ocpp';
import { replaces, sameProfile, type DeviceCapabilities, type InstalledProfile } from '@chargeplane/smart-charging-domain';
import { desiredInstalled } from '../profiles/device-rules.js';
import type { ChargerState, ProfileRecord } from '../state.js';

export type PendingWrite =
  | { action: 'SetChargingProfile'; chargingProfileId: number; request: SetChargingProfileRequest }
  | { action: 'ClearChargingProfile'; chargingProfileId: number; request: { id: number } };

const sameInstalled = (a: InstalledProfile, b: InstalledProfile) => a.connectorId === b.connectorId && sameProfile(a.profile, b.profile);

/** A refused or failed write is not retried blindly: it waits for a new desired state (SMART-CHARGING.md §5). */
const settledBadly = (r: ProfileRecord) => r.outcome === 'rejected' || r.outcome === 'failed';

/**
 * The writes that would bring the charger from confirmed to desired, clears first (they free slots).
 * An unchanged profile needs no write; a confirmed profile that a desired one will replace needs no clear.
 * Only the latest desired state of each profile appears: deferred changes coalesce by construction.
 */
export function pendingWrites(state: ChargerState, caps: DeviceCapabilities): PendingWrite[] {
  const records = Object.values(state.profiles).sort((a, b) => a.chargingProfileId - b.chargingProfileId);
  const targets = desiredInstalled(state);
  const clears: PendingWrite[] = [];
  const sets: PendingWrite[] = [];
  for (const r of records) {
    if (settledBadly(r)) continue;
    if (r.desired && !(r.confirmed && sameInstalled(r.desired, r.confirmed))) {
      sets.push({
        action: 'SetChargingProfile',
        chargingProfileId: r.chargingProfileId,
        request: { connectorId: r.desired.connectorId, csChargingProfiles: r.desired.profile },
      });
    } else if (!r.desired && r.confirmed && !targets.some((t) => replaces(r.confirmed!, t, caps))) {
      clears.push({ action: 'ClearChargingProfile', chargingProfileId: r.chargingProfileId, request: { id: r.chargingProfileId } });
    }
  }
  return [...clears, ...sets];
}
