import {
  effectiveLimitW,
  handleCall,
  isCallError,
  nextWriteAllowedAt,
  slotsUsed,
  writesInWindow,
  type GetCompositeScheduleRequest,
} from '@chargeplane/sim-device';
import { IllegalStateError } from './control-errors.js';
import type { SimClock } from '../clock/sim-clock.js';
import { isoUtc } from '../charger/connector-flows.js';
import type { SimulatedCharger } from '../charger/simulated-charger.js';

// Read models of the control/audit API: what a test asks the simulated device ("what do you hold, how
// often were you written"). Reads go through the device model (GetCompositeSchedule, GetConfiguration)
// with the simulated clock, exactly as a CS call would, but are not logged as calls.

export function chargerSummary(charger: SimulatedCharger, clock: SimClock): object {
  const state = charger.state;
  const now = clock.now();
  return {
    id: charger.id,
    connected: charger.connected,
    booted: charger.booted,
    online: charger.online,
    simTime: isoUtc(now),
    model: state.settings.model,
    firmwareVersion: state.settings.firmwareVersion,
    heartbeatIntervalS: charger.heartbeatIntervalS,
    profiles: state.profiles.length,
    slotsUsed: slotsUsed(state.profiles),
    slotLimit: state.settings.slotLimit,
    writesInWindow: state.settings.writeLimit ? writesInWindow(state.writeLog, state.settings.writeLimit, now) : null,
    connectors: state.connectors.map((c) => ({
      connectorId: c.connectorId,
      status: c.status,
      car: c.car,
      transactionId: c.transaction?.transactionId ?? null,
      meterWh: Math.round(c.meterWh),
      powerW: effectiveLimitW(state, c.connectorId, now),
    })),
  };
}

export function storedProfiles(charger: SimulatedCharger): object {
  return charger.state.profiles.map((p) => ({
    connectorId: p.connectorId,
    installedAt: isoUtc(p.installedAt),
    randomDelaySeconds: p.randomDelaySeconds,
    chargingProfile: p.profile,
  }));
}

const HOUR_MS = 3_600_000;

export function writeWindow(charger: SimulatedCharger, clock: SimClock): object {
  const state = charger.state;
  const now = clock.now();
  const limit = state.settings.writeLimit;
  if (limit) {
    const windowMs = limit.windowSeconds * 1000;
    const writes = state.writeLog.filter((w) => w > now - windowMs && w <= now).sort((a, b) => a - b);
    return {
      maxWrites: limit.maxWrites,
      windowSeconds: limit.windowSeconds,
      count: writesInWindow(state.writeLog, limit, now),
      writes: writes.map(isoUtc),
      nextWriteAllowedAt: isoUtc(nextWriteAllowedAt(state.writeLog, limit, now)),
    };
  }
  // No device limiter (generic model): report the memory writes of the last hour from the call log.
  const writes = charger.callLog
    .list()
    .filter((e) => e.memoryWrite)
    .map((e) => Date.parse(e.simTime))
    .filter((t) => t > now - HOUR_MS && t <= now);
  return {
    maxWrites: null,
    windowSeconds: 3600,
    count: writes.length,
    writes: writes.map(isoUtc),
    nextWriteAllowedAt: null,
  };
}

export function compositeSchedule(charger: SimulatedCharger, request: GetCompositeScheduleRequest): object {
  const handled = handleCall(charger.state, 'GetCompositeSchedule', request, charger.context());
  if (isCallError(handled.response)) throw new IllegalStateError(handled.response.description);
  return handled.response;
}

export function configuration(charger: SimulatedCharger): object {
  const handled = handleCall(charger.state, 'GetConfiguration', {}, charger.context());
  if (isCallError(handled.response)) throw new IllegalStateError(handled.response.description);
  return handled.response;
}
