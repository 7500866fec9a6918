import { pendingConfigurationWrites, pendingWrites, type ChargerState } from '@chargeplane/charger-domain';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { capabilitiesFor } from '@chargeplane/smart-charging-domain';

// The only place the use cases look inside the charger aggregate's state: when its shape changes, this file does.

/** The profile the CPO (or compliance-gb) currently wants under `chargingProfileId`, or null. */
export function desiredProfileOf(state: ChargerState, chargingProfileId: number): ChargingProfile | null {
  return state.profiles[chargingProfileId]?.desired?.profile ?? null;
}

/** Whether the profile still has a write to go (a set or a clear) at `now`. */
export function hasPendingProfileWrite(state: ChargerState, chargingProfileId: number, now: number): boolean {
  return pendingWrites(state, capabilitiesFor(state.model, state.configuration), now).some(
    (w) => w.chargingProfileId === chargingProfileId,
  );
}

/** Whether a configuration value the platform wants still has a write to go. */
export function hasPendingConfigurationWrite(state: ChargerState, key: string): boolean {
  return pendingConfigurationWrites(state).some((w) => w.key === key);
}

/** The write-budget deferral in force (ISO), if any. */
export function deferredUntilOf(state: ChargerState): string | null {
  return state.deferredUntil === null ? null : new Date(state.deferredUntil).toISOString();
}
