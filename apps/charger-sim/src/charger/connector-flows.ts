import {
  effectiveLimitW,
  handleCall,
  isCallError,
  plugIn,
  stopTransaction,
  unplug,
  type ConnectorState,
  type DeviceState,
  type DeviceStep,
  type StopReason,
} from '@chargeplane/sim-device';
import type { OcppRequest } from '@chargeplane/contracts-ocpp';

// Compositions of the device model's connector steps for the core-profile calls the app answers itself
// (RemoteStart/Stop, UnlockConnector, Reset) and for MeterValues. The device rules stay in sim-device;
// this file only decides which step applies.

export function connectorOf(state: DeviceState, connectorId: number): ConnectorState | undefined {
  return state.connectors.find((c) => c.connectorId === connectorId);
}

export const isoUtc = (ms: number): string => new Date(ms).toISOString();

/**
 * RemoteStartTransaction: only a connector with a car plugged in and no transaction can start one (the
 * charger cannot make a car appear). The car is re-presented to the device as a fresh plug-in with the
 * remote idTag, minus the transient Available status that would cause.
 */
export function remoteStart(
  state: DeviceState,
  connectorId: number | undefined,
  idTag: string,
  now: number,
): { connectorId: number; step: DeviceStep } | { rejected: string } {
  const candidates = state.connectors.filter((c) => connectorId === undefined || c.connectorId === connectorId);
  const target = candidates.find((c) => c.car !== null && c.transaction === null);
  if (!target?.car) {
    if (candidates.length === 0) return { rejected: `connector ${connectorId ?? '?'} does not exist` };
    return { rejected: 'no car is plugged in without a transaction' };
  }
  const released = unplug(state, target.connectorId, now);
  const started = plugIn(released.state, target.connectorId, { maxPowerW: target.car.maxPowerW, idTag }, now);
  return { connectorId: target.connectorId, step: started };
}

/** RemoteStopTransaction: the connector running that transaction stops it (reason Remote). */
export function remoteStop(state: DeviceState, transactionId: number, now: number): DeviceStep | null {
  const c = state.connectors.find((x) => x.transaction?.transactionId === transactionId);
  return c ? stopTransaction(state, c.connectorId, 'Remote', now) : null;
}

/** UnlockConnector: any transaction stops (UnlockCommand) and the cable is released. */
export function unlockConnector(state: DeviceState, connectorId: number, now: number): DeviceStep | null {
  const c = connectorOf(state, connectorId);
  if (!c) return null;
  if (!c.transaction) return { state, outbound: [] };
  return stopTransaction(state, connectorId, 'UnlockCommand', now);
}

/** A reboot ends every transaction; stored profiles and configuration stay. */
export function stopAllTransactions(state: DeviceState, reason: StopReason, now: number): DeviceStep {
  let next = state;
  const outbound: DeviceStep['outbound'] = [];
  for (const c of state.connectors) {
    if (!c.transaction) continue;
    const step = stopTransaction(next, c.connectorId, reason, now);
    next = step.state;
    outbound.push(...step.outbound);
  }
  return { state: next, outbound };
}

/** No energy flowed while the process was down: meters resume from where they were saved. */
export function resumeMetersAt(state: DeviceState, now: number): DeviceState {
  return { ...state, connectors: state.connectors.map((c) => ({ ...c, meterAt: Math.max(c.meterAt, now) })) };
}

export function meterValuesRequest(
  state: DeviceState,
  connectorId: number,
  now: number,
  context: 'Sample.Periodic' | 'Trigger',
): OcppRequest<'MeterValues'> {
  const c = connectorOf(state, connectorId);
  const transactionId = c?.transaction?.transactionId ?? null;
  const powerW = effectiveLimitW(state, connectorId, now);
  const sample = { context, location: 'Outlet' } as const;
  return {
    connectorId,
    ...(transactionId === null ? {} : { transactionId }),
    meterValue: [
      {
        timestamp: isoUtc(now),
        sampledValue: [
          {
            ...sample,
            value: String(Math.round(c?.meterWh ?? 0)),
            measurand: 'Energy.Active.Import.Register',
            unit: 'Wh',
          },
          { ...sample, value: String(Math.round(powerW)), measurand: 'Power.Active.Import', unit: 'W' },
        ],
      },
    ],
  };
}

/** A numeric configuration key as the device reports it (fallback when absent or not a number). */
export function configurationNumber(state: DeviceState, key: string, fallback: number): number {
  const read = handleCall(state, 'GetConfiguration', { key: [key] }, { now: 0, random: () => 0 }).response;
  const value = isCallError(read) ? undefined : Number(read.configurationKey[0]?.value);
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

export function statusRequest(c: ConnectorState, now: number): OcppRequest<'StatusNotification'> {
  return { connectorId: c.connectorId, errorCode: 'NoError', status: c.status, timestamp: isoUtc(now) };
}
