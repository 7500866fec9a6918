import type { ChargerEvent } from '@chargeplane/charger-domain';
import type { PutChargingProfileAnswer } from '@chargeplane/contracts-api';
import type { Executed } from '../charger-service.js';
import { deferredUntilOf, hasPendingConfigurationWrite, hasPendingProfileWrite } from './aggregate-reads.js';

type DataOf<T extends ChargerEvent['type']> = Extract<ChargerEvent, { type: T }>['data'];

export type ProfileWriteStatus = Pick<PutChargingProfileAnswer, 'status' | 'deferredUntil'>;
export type ConfigurationWriteStatus = 'dispatched' | 'unchanged' | 'deferred' | 'awaiting-connection';

/** Where a profile change stands after its command: read off the events it produced and what is still pending. */
export function profileWriteStatus(executed: Executed, chargingProfileId: number, now: number): ProfileWriteStatus {
  // The desired state did not change (canonical comparison in the decider): nothing new to write.
  if (executed.events.length === 0) return { status: 'unchanged', deferredUntil: null };
  const dispatched = executed.events.some(
    (e) =>
      e.type === 'ChargingProfileWriteDispatched' &&
      (e.data as DataOf<'ChargingProfileWriteDispatched'>).chargingProfileId === chargingProfileId,
  );
  if (dispatched) return { status: 'dispatched', deferredUntil: null };
  const state = executed.state;
  if (!hasPendingProfileWrite(state, chargingProfileId, now)) return { status: 'unchanged', deferredUntil: null };
  if (!state.connected) return { status: 'awaiting-connection', deferredUntil: null };
  // Waiting for write budget, or behind the charger's one outstanding write.
  return { status: 'deferred', deferredUntil: deferredUntilOf(state) };
}

/** Where a configuration change stands after its command. */
export function configurationWriteStatus(executed: Executed, key: string): ConfigurationWriteStatus {
  if (executed.events.some((e) => e.type === 'ChargerConfigurationWriteDispatched')) return 'dispatched';
  if (!hasPendingConfigurationWrite(executed.state, key)) return 'unchanged';
  return executed.state.connected ? 'deferred' : 'awaiting-connection';
}
