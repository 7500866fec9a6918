// Builders and helpers for the specs of this library (not exported from index.ts).
import type { CallHandled } from './call-result.js';
import { plugIn, startTransactionConfirmed } from './connector.js';
import { createDevice, type DeviceOptions } from './device-config.js';
import type { CallContext, DeviceState } from './device-state.js';
import { handleCall } from './handle-call.js';
import type {
  ChargingProfile,
  ChargingSchedule,
  ChargingSchedulePeriod,
  ClearChargingProfileRequest,
  ClearChargingProfileResponse,
  GetCompositeScheduleResponse,
  SetChargingProfileResponse,
} from './ocpp-types.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 2025-01-06 12:00:00 UTC. */
export const T0 = Date.parse('2025-01-06T12:00:00Z');

export const at = (iso: string): number => Date.parse(iso);
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
export const ctxAt = (now: number, random: () => number = () => 0): CallContext => ({ now, random });

export function periods(...pairs: Array<[startPeriod: number, limit: number]>): ChargingSchedulePeriod[] {
  return pairs.map(([startPeriod, limit]) => ({ startPeriod, limit }));
}

export function aSchedule(overrides: Partial<ChargingSchedule> = {}): ChargingSchedule {
  return {
    startSchedule: iso(T0 - MINUTE),
    chargingRateUnit: 'A',
    chargingSchedulePeriod: periods([0, 16]),
    ...overrides,
  };
}

type ProfileOverrides = Partial<Omit<ChargingProfile, 'chargingSchedule'>> & {
  chargingSchedule?: Partial<ChargingSchedule>;
};

function aProfile(base: Omit<ChargingProfile, 'chargingSchedule'>, overrides: ProfileOverrides): ChargingProfile {
  const { chargingSchedule, ...rest } = overrides;
  return { ...base, ...rest, chargingSchedule: aSchedule(chargingSchedule) };
}

export function aTxDefaultProfile(overrides: ProfileOverrides = {}): ChargingProfile {
  return aProfile(
    {
      chargingProfileId: 100,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
    },
    overrides,
  );
}

export function aTxProfile(overrides: ProfileOverrides = {}): ChargingProfile {
  return aProfile(
    { chargingProfileId: 200, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Absolute' },
    overrides,
  );
}

export function aChargePointMaxProfile(overrides: ProfileOverrides = {}): ChargingProfile {
  return aProfile(
    {
      chargingProfileId: 300,
      stackLevel: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      chargingProfileKind: 'Absolute',
    },
    overrides,
  );
}

/** A profile with n periods (0, 60, 120, … s), for slot counting. */
export function withPeriods(n: number, overrides: ProfileOverrides = {}): ProfileOverrides {
  const list = Array.from({ length: n }, (_, i): [number, number] => [i * 60, 6 + (i % 10)]);
  return {
    ...overrides,
    chargingSchedule: { ...overrides.chargingSchedule, chargingSchedulePeriod: periods(...list) },
  };
}

export const aZappi = (options: DeviceOptions = {}): DeviceState => createDevice({ model: 'zappi', ...options }, T0);
export const aGenericCharger = (options: DeviceOptions = {}): DeviceState =>
  createDevice({ model: 'generic-ocpp16', ...options }, T0);

export function setProfile(
  state: DeviceState,
  connectorId: number,
  profile: ChargingProfile,
  now = T0,
  random: () => number = () => 0,
): CallHandled<SetChargingProfileResponse> {
  return handleCall(state, 'SetChargingProfile', { connectorId, csChargingProfiles: profile }, ctxAt(now, random));
}

/** Installs profiles one after another; fails the test if any is not Accepted. */
export function givenProfiles(
  state: DeviceState,
  ...items: Array<[connectorId: number, profile: ChargingProfile]>
): DeviceState {
  let s = state;
  for (const [connectorId, profile] of items) {
    const r = setProfile(s, connectorId, profile);
    if (JSON.stringify(r.response) !== '{"status":"Accepted"}')
      throw new Error(`given profile not accepted: ${r.reason ?? ''}`);
    s = r.state;
  }
  return s;
}

export function clearProfiles(
  state: DeviceState,
  request: ClearChargingProfileRequest,
  now = T0,
): CallHandled<ClearChargingProfileResponse> {
  return handleCall(state, 'ClearChargingProfile', request, ctxAt(now));
}

export function composite(
  state: DeviceState,
  connectorId: number,
  duration: number,
  now = T0,
  unit?: 'A' | 'W',
): GetCompositeScheduleResponse {
  const request = unit ? { connectorId, duration, chargingRateUnit: unit } : { connectorId, duration };
  const r = handleCall(state, 'GetCompositeSchedule', request, ctxAt(now));
  if ('callError' in r.response) throw new Error(r.response.description);
  return r.response;
}

/** A car plugged in at `now` whose transaction the CS accepted with `transactionId`. */
export function withActiveTransaction(
  state: DeviceState,
  connectorId: number,
  transactionId: number,
  now = T0,
  maxPowerW = 7400,
): DeviceState {
  const plugged = plugIn(state, connectorId, { maxPowerW, idTag: 'VIRTUAL-TAG' }, now).state;
  return startTransactionConfirmed(plugged, connectorId, { transactionId, idTagInfo: { status: 'Accepted' } }, now)
    .state;
}
