import { capabilitiesFor, writeBudgetOf, type DeviceCapabilities } from '@chargeplane/smart-charging-domain';
import { pendingConfigurationWrites, type ConfigurationWrite } from '../configuration/configuration-writes.js';
import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import { checkDeviceGates } from '../profiles/device-rules.js';
import { firstWrite, pendingWrites } from './pending-writes.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What to do next about the charger's pending writes, at `now`: nothing; dispatch one write (one
 * outstanding write per charger); or defer until the write budget frees. Never more writes than the
 * device's budget allows in any rolling window: the check is made here, before anything is sent.
 */
export function planNextWrite(state: ChargerState, now: number, writeId: string): ChargerEvent[] {
  // Writes wait for the configuration read after each boot and connection: commercial mode can be lost (Z17).
  if (!state.registered || !state.connected || !state.configurationCurrent || state.inFlight) return [];
  const caps = capabilitiesFor(state.model, state.configuration);
  const configurationWrite = pendingConfigurationWrites(state)[0];
  if (configurationWrite) return planConfigurationWrite(state, caps, configurationWrite, now, writeId);
  const pending = pendingWrites(state, caps, now);
  const next = firstWrite(pending, state, caps);
  if (!next) return [];
  const gate = checkDeviceGates(state, caps);
  if (gate) {
    if (state.blockedBy === gate.code) return [];
    return [
      {
        type: 'ChargingProfileWriteDeferred',
        schemaVersion: 1,
        occurredAt: iso(now),
        data: {
          chargingProfileIds: pending.map((p) => p.chargingProfileId),
          reason: 'device-not-ready',
          until: null,
          detail: gate.code,
        },
      },
    ];
  }
  const budget = writeBudgetOf(state, now, caps);
  if (budget) {
    if (budget.nextAvailableAt !== null) {
      if (state.deferredUntil === budget.nextAvailableAt) return [];
      return [
        {
          type: 'ChargingProfileWriteDeferred',
          schemaVersion: 1,
          occurredAt: iso(now),
          data: {
            chargingProfileIds: pending.map((p) => p.chargingProfileId),
            reason: 'write-budget',
            until: iso(budget.nextAvailableAt),
          },
        },
      ];
    }
  }
  return [
    { type: 'ChargingProfileWriteDispatched', schemaVersion: 1, occurredAt: iso(now), data: { writeId, ...next } },
  ];
}

/**
 * Configuration goes first (it can open a gate profiles wait for), within the same budget when the model
 * counts ChangeConfiguration as a memory write (zappi, Q2).
 */
function planConfigurationWrite(
  state: ChargerState,
  caps: DeviceCapabilities,
  write: ConfigurationWrite,
  now: number,
  writeId: string,
): ChargerEvent[] {
  const countsAsWrite = caps.configurationChangeIsWrite && caps.writeBudget !== null;
  const budget = countsAsWrite ? writeBudgetOf(state, now, caps) : null;
  if (budget) {
    if (budget.nextAvailableAt !== null) {
      if (state.deferredUntil === budget.nextAvailableAt) return [];
      return [
        {
          type: 'ChargingProfileWriteDeferred',
          schemaVersion: 1,
          occurredAt: iso(now),
          data: {
            chargingProfileIds: [],
            reason: 'write-budget',
            until: iso(budget.nextAvailableAt),
            detail: `ChangeConfiguration ${write.key}`,
          },
        },
      ];
    }
  }
  return [
    {
      type: 'ChargerConfigurationWriteDispatched',
      schemaVersion: 1,
      occurredAt: iso(now),
      data: { writeId, key: write.key, value: write.value, countsAsWrite },
    },
  ];
}

/** Pending profile ids while the charger is offline (shown as awaiting-connection). */
export function pendingWhileOffline(state: ChargerState, now: number): number[] {
  if (state.connected) return [];
  return pendingWrites(state, capabilitiesFor(state.model, state.configuration), now).map((p) => p.chargingProfileId);
}
