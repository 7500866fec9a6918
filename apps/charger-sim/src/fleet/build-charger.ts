import type { Logger } from '@chargeplane/platform-observability';
import { createDevice, type DeviceOptions, type DeviceState } from '@chargeplane/sim-device';
import { randomForCharger } from '../clock/random-source.js';
import type { SimClock } from '../clock/sim-clock.js';
import { AcknowledgedLog, acknowledgedEntry } from '../charger/acknowledged-log.js';
import { isoUtc } from '../charger/connector-flows.js';
import { OutboundCalls } from '../charger/outbound-calls.js';
import { SimulatedCharger } from '../charger/simulated-charger.js';
import { resumeMetersAt, stopAllTransactions } from '../charger/connector-flows.js';
import type { StateStore } from '../persistence/state-store.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import { DEFAULT_BACKOFF } from '../transport/reconnect-backoff.js';
import type { SocketFactory } from '../transport/ws-socket.js';
import type { SimulatorOptions } from '../simulator-options.js';
import type { FleetStats } from './fleet-stats.js';

// Wires one SimulatedCharger: its device state (restored from the state directory when there is one), its
// own random source, its call queue, and the shared clock, scheduler, stats and store.

export interface FleetShared {
  options: SimulatorOptions;
  clock: SimClock;
  scheduler: Scheduler;
  stats: FleetStats;
  store: StateStore;
  sockets: SocketFactory;
  logger: Logger;
  callLogLimit: number;
}

export function deviceOptionsOf(options: SimulatorOptions): DeviceOptions {
  return {
    model: options.model,
    jurisdiction: options.jurisdiction,
    ...(options.firmware === undefined ? {} : { firmwareVersion: options.firmware }),
    ...(options.commercialMode === undefined ? {} : { commercialMode: options.commercialMode }),
    ...(options.connectors === undefined ? {} : { numberOfConnectors: options.connectors }),
  };
}

/**
 * A restored device keeps its stored memory (profiles, configuration, write log) but takes its settings
 * from this run's flags (a firmware update shows up as a new firmwareVersion). A different model or
 * connector count cannot carry the memory over and starts fresh.
 */
export function restoredDevice(saved: DeviceState, fresh: DeviceState): DeviceState | null {
  if (saved.settings.model !== fresh.settings.model) return null;
  if (saved.connectors.length !== fresh.connectors.length) return null;
  return { ...saved, settings: fresh.settings };
}

/** The latest simulated instant a saved state mentions (so a restarted run's clock never goes back). */
export function latestInstant(state: DeviceState): number {
  const instants = [
    ...state.writeLog,
    ...state.profiles.map((p) => p.installedAt),
    ...state.connectors.flatMap((c) => [c.meterAt, c.transaction?.startedAt ?? -Infinity]),
  ];
  return instants.reduce((max, t) => Math.max(max, t), -Infinity);
}

export function buildCharger(id: string, saved: DeviceState | null, shared: FleetShared): SimulatedCharger {
  const { options, clock, logger } = shared;
  const now = clock.now();
  const fresh = createDevice(deviceOptionsOf(options), now);
  const restored = saved ? restoredDevice(saved, fresh) : null;
  if (saved && !restored) logger.warn({ chargerId: id }, 'saved state is for another model; starting fresh');
  const password = options.passwords?.[id] ?? options.password ?? null;
  let messageCounter = 0;
  const acknowledged = new AcknowledgedLog(shared.callLogLimit);
  const calls = new OutboundCalls({
    scheduler: shared.scheduler,
    stats: shared.stats,
    timeoutMs: options.callTimeoutSeconds * 1000,
    nextMessageId: () => (++messageCounter).toString(36),
    warn: (message, details) => logger.warn({ chargerId: id, ...details }, message),
    onAcknowledged: (action, request, answer) => {
      const entry = acknowledgedEntry(action, request, answer, {
        simTime: isoUtc(clock.now()),
        realTime: new Date().toISOString(),
      });
      if (entry) acknowledged.add(entry);
    },
  });
  const charger = new SimulatedCharger(restored ? resumeMetersAt(restored, now) : fresh, {
    target: { url: options.url, chargerId: id, password },
    sockets: shared.sockets,
    scheduler: shared.scheduler,
    clock,
    random: randomForCharger(options.seed ?? null, id),
    stats: shared.stats,
    calls,
    acknowledged,
    backoff: DEFAULT_BACKOFF,
    connectTimeoutMs: options.callTimeoutSeconds * 1000,
    defaultBootRetryS: 60,
    logger,
    store: shared.store,
    callLogLimit: shared.callLogLimit,
    rebootDelayMs: options.rebootDelayMs,
    answerDelays: options.answerDelays,
  });
  // The process went down under a running session: it ended by power loss (sent once the charger is up).
  if (restored) charger.applyStep(stopAllTransactions(charger.state, 'PowerLoss', now));
  return charger;
}
