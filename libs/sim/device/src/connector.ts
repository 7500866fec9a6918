import { isoUtc } from './call-result.js';
import { compositeLimitW, limitTimelineW } from './composite-schedule.js';
import type { ConnectorState, DeviceState } from './device-state.js';
import type {
  ChargePointStatus,
  StartTransactionRequest,
  StartTransactionResponse,
  StatusNotificationRequest,
  StopReason,
  StopTransactionRequest,
} from './ocpp-types.js';

// Connector life cycle as the charger sees it. Each step returns the OCPP calls the charger must send
// (the app does the transport). A transaction is active once the CS accepted StartTransaction; energy flows
// only then, at effectiveLimitW. TxProfiles of a transaction are discarded when it stops (not a memory write).
// Status follows the limit only when `tick` runs: the app ticks after each call and on its meter interval.

export type OutboundCall =
  | { action: 'StatusNotification'; payload: StatusNotificationRequest }
  | { action: 'StartTransaction'; payload: StartTransactionRequest }
  | { action: 'StopTransaction'; payload: StopTransactionRequest };

export interface DeviceStep {
  state: DeviceState;
  outbound: OutboundCall[];
}

export interface CarAtPlugIn {
  /** Most the car itself will draw, in W. */
  maxPowerW: number;
  /** zappi sends its virtual OCPP tag (Z15). */
  idTag: string;
}

export class DeviceStateError extends Error {
  readonly code = 'IllegalDeviceState';
}

function connectorOf(state: DeviceState, connectorId: number): ConnectorState {
  const c = state.connectors.find((x) => x.connectorId === connectorId);
  if (!c) throw new DeviceStateError(`connector ${connectorId} does not exist`);
  return c;
}

function withConnector(state: DeviceState, c: ConnectorState): DeviceState {
  return { ...state, connectors: state.connectors.map((x) => (x.connectorId === c.connectorId ? c : x)) };
}

function isActive(c: ConnectorState): boolean {
  return c.car !== null && c.transaction !== null && c.transaction.transactionId !== null;
}

/** Power the connector draws at `now` (W): the composite limit bounded by the car; 0 when not charging. */
export function effectiveLimitW(state: DeviceState, connectorId: number, now: number): number {
  const c = connectorOf(state, connectorId);
  if (!isActive(c) || !c.car || c.car.suspended) return 0;
  return Math.min(compositeLimitW(state, connectorId, now, now), c.car.maxPowerW);
}

function advanceMeter(state: DeviceState, c: ConnectorState, now: number): ConnectorState {
  if (now <= c.meterAt) return c;
  let wh = c.meterWh;
  if (isActive(c) && c.car && !c.car.suspended) {
    const carMax = c.car.maxPowerW;
    const segments = limitTimelineW(state, c.connectorId, c.meterAt, now, c.meterAt);
    segments.forEach((seg, i) => {
      const end = segments[i + 1]?.startMs ?? now;
      wh += (Math.min(seg.limitW, carMax) * (end - seg.startMs)) / 3_600_000;
    });
  }
  return { ...c, meterWh: wh, meterAt: now };
}

function statusCall(connectorId: number, status: ChargePointStatus, now: number): OutboundCall {
  return {
    action: 'StatusNotification',
    payload: { connectorId, errorCode: 'NoError', status, timestamp: isoUtc(now) },
  };
}

function chargingStatus(state: DeviceState, c: ConnectorState, now: number): ChargePointStatus {
  if (c.car?.suspended) return 'SuspendedEV';
  return compositeLimitW(state, c.connectorId, now, now) <= 0 ? 'SuspendedEVSE' : 'Charging';
}

function setStatus(c: ConnectorState, status: ChargePointStatus, now: number, out: OutboundCall[]): ConnectorState {
  if (c.status === status) return c;
  out.push(statusCall(c.connectorId, status, now));
  return { ...c, status };
}

/** Ends the connector's transaction (StopTransaction when it has an id) and frees its TxProfiles. */
function endTransaction(
  state: DeviceState,
  c: ConnectorState,
  reason: StopReason,
  now: number,
  out: OutboundCall[],
): DeviceStep {
  const tx = c.transaction;
  if (!tx) return { state: withConnector(state, c), outbound: out };
  if (tx.transactionId !== null) {
    out.push({
      action: 'StopTransaction',
      payload: {
        transactionId: tx.transactionId,
        idTag: tx.idTag,
        meterStop: Math.round(c.meterWh),
        timestamp: isoUtc(now),
        reason,
      },
    });
  }
  const profiles = state.profiles.filter(
    (p) => !(p.connectorId === c.connectorId && p.profile.chargingProfilePurpose === 'TxProfile'),
  );
  return { state: withConnector({ ...state, profiles }, { ...c, transaction: null }), outbound: out };
}

/** The car is plugged in: Preparing, and the charger starts a transaction with the car's tag. */
export function plugIn(state: DeviceState, connectorId: number, car: CarAtPlugIn, now: number): DeviceStep {
  const before = connectorOf(state, connectorId);
  if (before.car !== null) throw new DeviceStateError(`connector ${connectorId} already has a car plugged in`);
  const out: OutboundCall[] = [];
  let c = advanceMeter(state, before, now);
  const meterStart = Math.round(c.meterWh);
  c = setStatus({ ...c, car: { ...car, suspended: false } }, 'Preparing', now, out);
  c = { ...c, transaction: { idTag: car.idTag, startedAt: now, meterStartWh: meterStart, transactionId: null } };
  out.push({
    action: 'StartTransaction',
    payload: { connectorId, idTag: car.idTag, meterStart, timestamp: isoUtc(now) },
  });
  return { state: withConnector(state, c), outbound: out };
}

/** The CS answered StartTransaction. Accepted ⇒ the transaction is active; otherwise it is stopped (DeAuthorized). */
export function startTransactionConfirmed(
  state: DeviceState,
  connectorId: number,
  response: StartTransactionResponse,
  now: number,
): DeviceStep {
  const before = connectorOf(state, connectorId);
  if (!before.transaction || before.transaction.transactionId !== null) {
    throw new DeviceStateError(`connector ${connectorId} is not awaiting a StartTransaction answer`);
  }
  const out: OutboundCall[] = [];
  const metered = advanceMeter(state, before, now);
  const c: ConnectorState = {
    ...metered,
    transaction: { ...before.transaction, transactionId: response.transactionId },
  };
  if (response.idTagInfo.status !== 'Accepted') {
    const ended = endTransaction(state, c, 'DeAuthorized', now, out);
    return {
      state: withConnector(ended.state, setStatus(connectorOf(ended.state, connectorId), 'Finishing', now, out)),
      outbound: out,
    };
  }
  const withTx = withConnector(state, c);
  return { state: withConnector(withTx, setStatus(c, chargingStatus(withTx, c, now), now, out)), outbound: out };
}

/** Stop charging with the car still plugged in (local or remote stop): Finishing. */
export function stopTransaction(state: DeviceState, connectorId: number, reason: StopReason, now: number): DeviceStep {
  const out: OutboundCall[] = [];
  const ended = endTransaction(state, advanceMeter(state, connectorOf(state, connectorId), now), reason, now, out);
  const c = connectorOf(ended.state, connectorId);
  return { state: withConnector(ended.state, c.car ? setStatus(c, 'Finishing', now, out) : c), outbound: out };
}

/** The car is unplugged: any transaction stops (EVDisconnected) and the connector is Available. */
export function unplug(state: DeviceState, connectorId: number, now: number): DeviceStep {
  const out: OutboundCall[] = [];
  const ended = endTransaction(
    state,
    advanceMeter(state, connectorOf(state, connectorId), now),
    'EVDisconnected',
    now,
    out,
  );
  const c = connectorOf(ended.state, connectorId);
  return { state: withConnector(ended.state, setStatus({ ...c, car: null }, 'Available', now, out)), outbound: out };
}

/** The car pauses (SuspendedEV) or resumes drawing power. */
export function setCarSuspended(state: DeviceState, connectorId: number, suspended: boolean, now: number): DeviceStep {
  const before = connectorOf(state, connectorId);
  if (!before.car) throw new DeviceStateError(`connector ${connectorId} has no car`);
  const metered = advanceMeter(state, before, now);
  const c: ConnectorState = { ...metered, car: { ...before.car, suspended } };
  const next = withConnector(state, c);
  if (!isActive(c)) return { state: next, outbound: [] };
  const out: OutboundCall[] = [];
  return { state: withConnector(next, setStatus(c, chargingStatus(next, c, now), now, out)), outbound: out };
}

/** Advance meters to `now` and report status changes the current limits cause (Charging ↔ SuspendedEVSE). */
export function tick(state: DeviceState, now: number): DeviceStep {
  const out: OutboundCall[] = [];
  let next = state;
  for (const before of state.connectors) {
    const c = advanceMeter(state, before, now);
    next = withConnector(next, isActive(c) ? setStatus(c, chargingStatus(state, c, now), now, out) : c);
  }
  return { state: next, outbound: out };
}
