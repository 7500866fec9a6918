import { answer, callError, written, type CallHandled } from './call-result.js';
import type { CallContext, DeviceState, InstalledProfile } from './device-state.js';
import type { ClearChargingProfileRequest, ClearChargingProfileResponse } from './ocpp-types.js';
import { canWrite, recordWrite, writeLimitReason } from './write-limiter.js';

// ClearChargingProfile matching (Errata 3.25/3.26): no field ⇒ every profile; `id` given ⇒ only the id
// counts (other fields ignored); otherwise every given field must match (AND). connectorId 0 matches
// charge-point-wide profiles only; an absent connectorId matches any connector. Nothing matched ⇒ Unknown.
//
// Over the write limit the device has no "Rejected" status to give (the enum is Accepted | Unknown), so it
// answers a CALLERROR GenericError and keeps every profile: "Unknown" would falsely say nothing matched.

export function matchesClear(request: ClearChargingProfileRequest, entry: InstalledProfile): boolean {
  if (request.id !== undefined) return entry.profile.chargingProfileId === request.id;
  if (request.connectorId !== undefined && entry.connectorId !== request.connectorId) return false;
  if (
    request.chargingProfilePurpose !== undefined &&
    entry.profile.chargingProfilePurpose !== request.chargingProfilePurpose
  ) {
    return false;
  }
  if (request.stackLevel !== undefined && entry.profile.stackLevel !== request.stackLevel) return false;
  return true;
}

export function handleClearChargingProfile(
  state: DeviceState,
  request: ClearChargingProfileRequest,
  ctx: CallContext,
): CallHandled<ClearChargingProfileResponse> {
  const remaining = state.profiles.filter((p) => !matchesClear(request, p));
  if (remaining.length === state.profiles.length) {
    return answer(state, { status: 'Unknown' }, 'unchanged: no stored profile matches; not a memory write');
  }
  const limit = state.settings.writeLimit;
  if (!canWrite(state.writeLog, limit, ctx.now)) {
    const reason = writeLimitReason(state.writeLog, limit, ctx.now);
    return callError(state, 'GenericError', `memory write limit reached (${reason})`, reason);
  }
  return written(
    { ...state, profiles: remaining, writeLog: recordWrite(state.writeLog, limit, ctx.now) },
    { status: 'Accepted' },
  );
}
