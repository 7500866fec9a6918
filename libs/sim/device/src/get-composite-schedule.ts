import { answer, isoUtc, type CallHandled } from './call-result.js';
import { supportsSmartCharging } from './configuration-keys.js';
import { compositeBreakpoints, compositeLimitW } from './composite-schedule.js';
import type { CallContext, DeviceSettings, DeviceState } from './device-state.js';
import type {
  ChargingRateUnit,
  ChargingSchedulePeriod,
  GetCompositeScheduleRequest,
  GetCompositeScheduleResponse,
} from './ocpp-types.js';
import { wattsToUnit } from './units.js';

// The schedule is computed from the request's receipt (§3.11) and covers `duration` seconds. scheduleStart is
// the receipt spelled in whole seconds (truncated, §3.14); period 0 is the limit in force at receipt itself,
// never at the truncated instant before it (a profile written earlier in that same second is in force).
// Later period starts are whole seconds from scheduleStart (a change at a fractional second shows from the
// next whole second). Limits are rounded to one decimal in the answer's unit; equal neighbours are merged.
// Unit: the requested one, else A (W when the charger allows only Power).

function defaultUnit(settings: DeviceSettings): ChargingRateUnit {
  const allowed = settings.smartChargingLimits?.allowedChargingRateUnits;
  return allowed && !allowed.includes('Current') ? 'W' : 'A';
}

/** Periods relative to the whole second `fromMs` at or before `receivedMs` (receivedMs − fromMs < 1000). */
export function compositePeriods(
  state: DeviceState,
  connectorId: number,
  fromMs: number,
  receivedMs: number,
  durationSeconds: number,
  unit: ChargingRateUnit,
): ChargingSchedulePeriod[] {
  const toMs = fromMs + durationSeconds * 1000;
  const offsets = new Set<number>([0]);
  for (const t of compositeBreakpoints(state, receivedMs, toMs, fromMs)) {
    const s = Math.ceil((t - fromMs) / 1000);
    if (s < durationSeconds) offsets.add(s);
  }
  const periods: ChargingSchedulePeriod[] = [];
  for (const s of [...offsets].sort((a, b) => a - b)) {
    const at = Math.max(receivedMs, fromMs + s * 1000);
    const limit = wattsToUnit(state.settings, compositeLimitW(state, connectorId, at, fromMs), unit);
    if (periods.at(-1)?.limit !== limit) periods.push({ startPeriod: s, limit });
  }
  return periods;
}

export function handleGetCompositeSchedule(
  state: DeviceState,
  request: GetCompositeScheduleRequest,
  ctx: CallContext,
): CallHandled<GetCompositeScheduleResponse> {
  const { connectorId, duration } = request;
  if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > state.settings.numberOfConnectors) {
    return answer(state, { status: 'Rejected' }, `unknown-connector: connector ${connectorId} does not exist`);
  }
  if (!supportsSmartCharging(state.settings)) {
    return answer(state, { status: 'Rejected' }, `no-smart-charging: firmware ${state.settings.firmwareVersion}`);
  }
  const fromMs = Math.floor(ctx.now / 1000) * 1000;
  const unit = request.chargingRateUnit ?? defaultUnit(state.settings);
  return answer(state, {
    status: 'Accepted',
    connectorId,
    scheduleStart: isoUtc(fromMs),
    chargingSchedule: {
      duration,
      chargingRateUnit: unit,
      chargingSchedulePeriod: compositePeriods(state, connectorId, fromMs, ctx.now, duration, unit),
    },
  });
}
