import { configurationReported } from '../configuration/configuration-read.js';
import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import type { CommandOf } from './commands.js';
import { eventAt } from './event.js';

/** What the charger reported about itself: each fact becomes its event. */
export function recordBoot(c: CommandOf<'RecordBoot'>): ChargerEvent[] {
  return [
    eventAt(c.now)('ChargerBooted', {
      chargePointVendor: c.chargePointVendor,
      chargePointModel: c.chargePointModel,
      firmwareVersion: c.firmwareVersion,
      chargePointSerialNumber: c.chargePointSerialNumber,
    }),
  ];
}

/** A redelivered fact of the connection already recorded changes nothing. */
export function recordConnected(c: CommandOf<'RecordConnected'>, state: ChargerState): ChargerEvent[] {
  return state.connected && state.connectionId === c.connectionId
    ? []
    : [eventAt(c.now)('ChargerConnected', { edgeId: c.edgeId, connectionId: c.connectionId })];
}

/** Only the close of the current connection takes the charger offline (L4). */
export function recordDisconnected(c: CommandOf<'RecordDisconnected'>, state: ChargerState): ChargerEvent[] {
  return state.connected && state.connectionId === c.connectionId
    ? [eventAt(c.now)('ChargerDisconnected', { edgeId: c.edgeId, connectionId: c.connectionId, reason: c.reason })]
    : [];
}

export function recordConfiguration(c: CommandOf<'RecordConfiguration'>): ChargerEvent[] {
  return [configurationReported(c, new Date(c.now).toISOString())];
}

export function recordTransactionStarted(c: CommandOf<'RecordTransactionStarted'>): ChargerEvent[] {
  return [
    eventAt(c.now)('TransactionStarted', {
      connectorId: c.connectorId,
      transactionId: c.transactionId,
      idTag: c.idTag,
      meterStartWh: c.meterStartWh,
      startedAt: c.startedAt,
    }),
  ];
}

export function recordTransactionStopped(c: CommandOf<'RecordTransactionStopped'>): ChargerEvent[] {
  return [
    eventAt(c.now)('TransactionStopped', {
      transactionId: c.transactionId,
      meterStopWh: c.meterStopWh,
      stoppedAt: c.stoppedAt,
      reason: c.reason,
    }),
  ];
}
