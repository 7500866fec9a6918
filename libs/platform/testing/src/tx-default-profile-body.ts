// The body of a profile PUT as the HTTP API takes it (a bulk assignment carries the same two fields), for specs
// that drive profile-command over HTTP. Plain JSON, not the contract's type: a spec sends an odd or invalid value
// through the overrides on purpose, and the API is what must refuse it.
import { utcMidnight } from './test-calendar.js';

/** Yesterday's UTC midnight of the test's clock, taken once: in force on arrival, and the same in every body. */
const STARTED = utcMidnight(-1);

export interface TxDefaultProfileBodyOverrides {
  /** 1 unless given. */
  connectorId?: number;
  /** The limit of every period, in A: 16 unless given. */
  limit?: number;
  /** How many periods, one a minute from 0 s: 1 unless given. */
  periods?: number;
  /** Fields of `chargingProfile` (stack level, kind, validity, …), set as given over the defaults. */
  profile?: Record<string, unknown>;
  /**
   * Fields of `chargingSchedule` (start, periods, duration, …), set as given over the defaults; `undefined` leaves
   * one out of the JSON.
   */
  schedule?: Record<string, unknown>;
}

/**
 * `{ connectorId, chargingProfile }` for profile `chargingProfileId`: an Absolute TxDefaultProfile at stack level 0
 * on connector 1, with `periods` periods of `limit` A from yesterday's UTC midnight of the test's clock.
 */
export function aTxDefaultProfileBody(chargingProfileId: number, overrides: TxDefaultProfileBodyOverrides = {}) {
  const { connectorId = 1, limit = 16, periods = 1 } = overrides;
  return {
    connectorId,
    chargingProfile: {
      chargingProfileId,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      ...overrides.profile,
      chargingSchedule: {
        startSchedule: STARTED,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: Array.from({ length: periods }, (_, i) => ({ startPeriod: i * 60, limit })),
        ...overrides.schedule,
      },
    },
  };
}
