// Builders for the specs of this library (not exported from index.ts).
import type { ChargingProfile, ChargingSchedule } from '@chargeplane/contracts-ocpp';
import type { InstalledProfile } from './installed-profiles.js';

type Overrides = Partial<Omit<ChargingProfile, 'chargingSchedule'>> & { chargingSchedule?: Partial<ChargingSchedule> };

/** A TxDefaultProfile (id 1, stack level 0, Absolute, 16 A then 32 A from 02:00) with overrides. */
export function aProfile(overrides: Overrides = {}): ChargingProfile {
  const { chargingSchedule, ...rest } = overrides;
  return {
    chargingProfileId: 1,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    ...rest,
    chargingSchedule: {
      startSchedule: '2026-11-25T00:00:00Z',
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 7200, limit: 32 },
      ],
      ...chargingSchedule,
    },
  };
}

/** `profile` installed on `connectorId` (default 1). */
export const on = (profile: ChargingProfile, connectorId = 1): InstalledProfile => ({ connectorId, profile });

/** A profile of `n` periods, for slot counts. */
export const withPeriods = (n: number, overrides: Overrides = {}): ChargingProfile =>
  aProfile({
    ...overrides,
    chargingSchedule: {
      chargingSchedulePeriod: Array.from({ length: n }, (_, i) => ({ startPeriod: i * 60, limit: 16 })),
    },
  });
