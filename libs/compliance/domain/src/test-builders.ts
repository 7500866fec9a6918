// Builders for the specs of this library (not exported from index.ts): a fixed clock, profiles, events, commands.
import type { PutCompliancePolicyBody } from '@chargeplane/contracts-api';
import type { ComplianceEvent, ComplianceEventOf, ComplianceEventType } from '@chargeplane/contracts-events';
import type { ChargingProfile, ChargingSchedule } from '@chargeplane/contracts-ocpp';
import { seededRandomSource } from './delay/random-source.js';
import type { ChargerProfileView } from './plan/plan-types.js';
import type { PolicyCommand } from './policy/policy-commands.js';
import { defaultGbSettings } from './policy/policy-state.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Wednesday 2026-11-25 10:00:00 UTC (GMT): every spec's clock starts here. */
export const T0 = Date.parse('2026-11-25T10:00:00Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

type Overrides = Partial<Omit<ChargingProfile, 'chargingSchedule'>> & { chargingSchedule?: Partial<ChargingSchedule> };

function withOverrides(base: ChargingProfile, overrides: Overrides): ChargingProfile {
  const { chargingSchedule, ...rest } = overrides;
  return { ...base, ...rest, chargingSchedule: { ...base.chargingSchedule, ...chargingSchedule } };
}

/** A TxProfile starting an hour after T0: 16 A, 6 A from +2 h, 32 A from +4 h, for 6 h (one start, a fall, a rise, an end). */
export const anAbsoluteProfile = (overrides: Overrides = {}): ChargingProfile =>
  withOverrides(
    {
      chargingProfileId: 200,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: iso(T0 + HOUR),
        duration: 6 * 3600,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 7200, limit: 6 },
          { startPeriod: 14_400, limit: 32 },
        ],
      },
    },
    overrides,
  );

/** §7: Recurring Daily TxDefaultProfile, nothing until 00:30, 32 A until 07:00, then nothing. */
export const aDailyProfile = (overrides: Overrides = {}): ChargingProfile =>
  withOverrides(
    {
      chargingProfileId: 100,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: {
        duration: 86_400,
        startSchedule: '2025-01-06T00:00:00Z',
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 0 },
          { startPeriod: 1800, limit: 32 },
          { startPeriod: 25_200, limit: 0 },
        ],
      },
    },
    overrides,
  );

export const event = <T extends ComplianceEventType>(
  type: T,
  at: number,
  data: ComplianceEventOf<T>['data'],
): ComplianceEvent => ({ type, schemaVersion: 1, occurredAt: iso(at), data }) as ComplianceEvent;

export const policyCreated = (at = T0 - DAY): ComplianceEvent =>
  event('CompliancePolicyCreated', at, { tenantId: 'tenant-1', model: 'zappi', settings: defaultGbSettings() });

/** A PUT body with the defaults and overrides. */
export const aPolicyBody = (overrides: Partial<PutCompliancePolicyBody> = {}): PutCompliancePolicyBody => ({
  jurisdiction: 'GB',
  randomisedDelay: { mode: 'device', maxDelaySeconds: 600 },
  ownerOverride: null,
  dsrAgreement: false,
  dsrResponseActive: false,
  offPeakDefault: { enabled: true },
  ...overrides,
});

export const changePolicy = (
  overrides: Partial<PutCompliancePolicyBody> = {},
  at = T0,
  actor = 'owner-1',
): PolicyCommand => ({ type: 'ChangePolicy', now: at, body: aPolicyBody(overrides), actor });

/** The events of a switch to platform mode (max 600 s), as decided at `at`. */
export function platformMode(at = T0 - HOUR, maxDelaySeconds = 600): ComplianceEvent[] {
  const settings = { ...defaultGbSettings(), randomisedDelay: { mode: 'platform' as const, maxDelaySeconds } };
  return [
    event('CompliancePolicyChanged', at, { settings, changes: ['randomisedDelay.mode'], changedBy: 'owner-1' }),
    event('PlatformDelayActivated', at, { maxDelaySeconds }),
  ];
}

export const evaluate = (
  profile: ChargingProfile,
  options: {
    at?: number;
    seed?: number;
    fresh?: boolean;
    connectorId?: number;
    profiles?: readonly ChargerProfileView[];
  } = {},
): PolicyCommand => ({
  type: 'EvaluateProfile',
  now: options.at ?? T0,
  connectorId: options.connectorId ?? 1,
  profile,
  trigger: 'profile-evaluated',
  fresh: options.fresh ?? false,
  random: seededRandomSource(options.seed ?? 7),
  profiles: options.profiles ?? [],
});

export const configurationReport = (value: string | null, at = T0, keyUnknown = false): PolicyCommand => ({
  type: 'RecordDeviceDelayReading',
  now: at,
  reading: { value, keyUnknown },
});
export const deviceDelayChecked = (
  value: string | null,
  compliant: boolean,
  at = T0,
  delayBy: 'device' | 'platform' = 'device',
): ComplianceEvent =>
  event('DeviceDelayChecked', at, { trigger: 'configuration-report', value, keyUnknown: false, delayBy, compliant });

/** Start periods of a profile. */
export const startsOf = (p: ChargingProfile): number[] =>
  p.chargingSchedule.chargingSchedulePeriod.map((x) => x.startPeriod);
