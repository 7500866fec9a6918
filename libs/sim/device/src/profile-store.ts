import type { DeviceSettings, InstalledProfile } from './device-state.js';
import type { ChargingProfile } from './ocpp-types.js';

// Which stored profiles a new one replaces (Spec §3.13.2, Errata; zappi Z8):
// - the same chargingProfileId (on any connector);
// - the same (connectorId, purpose, stackLevel);
// - zappi only: any installed TxDefaultProfile, whatever its id, stackLevel or connector.
// Everything else stays and the new profile is added.

export function replacedBy(
  settings: DeviceSettings,
  connectorId: number,
  profile: ChargingProfile,
  existing: InstalledProfile,
): boolean {
  const old = existing.profile;
  if (old.chargingProfileId === profile.chargingProfileId) return true;
  if (old.chargingProfilePurpose !== profile.chargingProfilePurpose) return false;
  if (settings.singleTxDefaultProfile && profile.chargingProfilePurpose === 'TxDefaultProfile') return true;
  return existing.connectorId === connectorId && old.stackLevel === profile.stackLevel;
}

export function withProfile(
  settings: DeviceSettings,
  profiles: readonly InstalledProfile[],
  entry: InstalledProfile,
): InstalledProfile[] {
  return [...profiles.filter((p) => !replacedBy(settings, entry.connectorId, entry.profile, p)), entry];
}

/** zappi slots: every chargingSchedulePeriod of every stored profile occupies one. */
export function slotsUsed(profiles: readonly InstalledProfile[]): number {
  return profiles.reduce((n, p) => n + p.profile.chargingSchedule.chargingSchedulePeriod.length, 0);
}

const dateTimeFields = new Set(['validFrom', 'validTo', 'startSchedule']);

function canonical(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v, k);
    }
    return out;
  }
  if (typeof value === 'string' && dateTimeFields.has(key)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : ms;
  }
  return value;
}

/** Identity of what is stored: connector + profile content (key order and time spelling don't matter). */
export function storedKey(connectorId: number, profile: ChargingProfile): string {
  return JSON.stringify(canonical({ connectorId, profile }));
}

/** True when both lists hold the same profiles on the same connectors (order ignored). */
export function sameStoredProfiles(a: readonly InstalledProfile[], b: readonly InstalledProfile[]): boolean {
  if (a.length !== b.length) return false;
  const keys = (list: readonly InstalledProfile[]): string[] =>
    list.map((p) => storedKey(p.connectorId, p.profile)).sort();
  const ka = keys(a);
  const kb = keys(b);
  return ka.every((k, i) => k === kb[i]);
}
