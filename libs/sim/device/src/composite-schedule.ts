import { profilesEnforced } from './configuration-keys.js';
import type { DeviceState, InstalledProfile } from './device-state.js';
import type { ChargingProfilePurpose } from './ocpp-types.js';
import { profileBreakpoints, profileLimitAt } from './recurrence.js';
import { hardwareMaxW, limitToWatts } from './units.js';

// The limit the device actually allows, in watts (Spec §3.13.3, §3.10 of the domain reference):
// 1. per purpose, the active profile with the highest stackLevel prevails;
// 2. TxDefaultProfile: an active one on the connector itself beats any on connector 0;
// 3. the running transaction's active TxProfile beats TxDefaultProfile;
// 4. the result is min(ChargePointMaxProfile, transaction limit, hardware maximum);
// 5. connector 0 = min(ChargePointMaxProfile, Σ over connectors of their transaction limit or hardware max).
// `fallbackAnchorMs` anchors Relative profiles when the connector has no transaction (as if one started then).

export interface LimitSegment {
  startMs: number;
  limitW: number;
}

function prevailingW(state: DeviceState, entries: InstalledProfile[], t: number, anchor: number): number | null {
  let best: { stackLevel: number; watts: number } | null = null;
  for (const entry of entries) {
    const l = profileLimitAt(entry, t, anchor);
    if (!l) continue;
    const watts = limitToWatts(state.settings, l.limit, l.unit, l.numberPhases);
    if (!best || l.stackLevel > best.stackLevel || (l.stackLevel === best.stackLevel && watts < best.watts)) {
      best = { stackLevel: l.stackLevel, watts };
    }
  }
  return best?.watts ?? null;
}

function stored(state: DeviceState, purpose: ChargingProfilePurpose, connectorId: number): InstalledProfile[] {
  return state.profiles.filter((p) => p.profile.chargingProfilePurpose === purpose && p.connectorId === connectorId);
}

export function relativeAnchorMs(state: DeviceState, connectorId: number, fallbackAnchorMs: number): number {
  return state.connectors.find((c) => c.connectorId === connectorId)?.transaction?.startedAt ?? fallbackAnchorMs;
}

/** Limit from TxProfile / TxDefaultProfile for connector c at t, or null when none is active. */
export function transactionLimitW(
  state: DeviceState,
  connectorId: number,
  t: number,
  fallbackAnchorMs: number,
): number | null {
  if (!profilesEnforced(state)) return null;
  const anchor = relativeAnchorMs(state, connectorId, fallbackAnchorMs);
  const transactionId = state.connectors.find((c) => c.connectorId === connectorId)?.transaction?.transactionId ?? null;
  if (transactionId !== null) {
    const txProfiles = stored(state, 'TxProfile', connectorId).filter(
      (p) => p.profile.transactionId === undefined || p.profile.transactionId === transactionId,
    );
    const tx = prevailingW(state, txProfiles, t, anchor);
    if (tx !== null) return tx;
  }
  return (
    prevailingW(state, stored(state, 'TxDefaultProfile', connectorId), t, anchor) ??
    prevailingW(state, stored(state, 'TxDefaultProfile', 0), t, anchor)
  );
}

export function chargePointMaxW(state: DeviceState, t: number, fallbackAnchorMs: number): number | null {
  if (!profilesEnforced(state)) return null;
  return prevailingW(state, stored(state, 'ChargePointMaxProfile', 0), t, fallbackAnchorMs);
}

/** The composite limit (W) for a connector (0 = whole charge point) at instant t. */
export function compositeLimitW(state: DeviceState, connectorId: number, t: number, fallbackAnchorMs: number): number {
  const hardware = hardwareMaxW(state.settings);
  const cap = chargePointMaxW(state, t, fallbackAnchorMs) ?? Infinity;
  if (connectorId === 0) {
    const total = state.connectors.reduce(
      (sum, c) => sum + Math.min(hardware, transactionLimitW(state, c.connectorId, t, fallbackAnchorMs) ?? hardware),
      0,
    );
    return Math.min(total, cap);
  }
  return Math.min(hardware, transactionLimitW(state, connectorId, t, fallbackAnchorMs) ?? hardware, cap);
}

/** Instants in (fromMs, toMs) at which the composite limit may change (a superset; callers merge). */
export function compositeBreakpoints(
  state: DeviceState,
  fromMs: number,
  toMs: number,
  fallbackAnchorMs: number,
): number[] {
  const anchors = new Set<number>([fallbackAnchorMs]);
  for (const c of state.connectors) if (c.transaction) anchors.add(c.transaction.startedAt);
  const points = new Set<number>();
  for (const entry of state.profiles) {
    for (const anchor of anchors) profileBreakpoints(entry, fromMs, toMs, anchor).forEach((t) => points.add(t));
  }
  return [...points].sort((a, b) => a - b);
}

/** Piecewise-constant composite limit over [fromMs, toMs), adjacent equal segments merged. */
export function limitTimelineW(
  state: DeviceState,
  connectorId: number,
  fromMs: number,
  toMs: number,
  fallbackAnchorMs: number,
): LimitSegment[] {
  const segments: LimitSegment[] = [];
  for (const t of [fromMs, ...compositeBreakpoints(state, fromMs, toMs, fallbackAnchorMs)]) {
    const limitW = compositeLimitW(state, connectorId, t, fallbackAnchorMs);
    if (segments.at(-1)?.limitW !== limitW) segments.push({ startMs: t, limitW });
  }
  return segments;
}
