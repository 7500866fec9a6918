import { createLogger } from '@chargeplane/platform-observability';
import { SimClock } from './clock/sim-clock.js';
import { randomForCharger } from './clock/random-source.js';
import { systemMonotonicMs, systemTimers, systemWallMs } from './clock/system-time.js';
import type { SimulatedCharger } from './charger/simulated-charger.js';
import { startControlServer, type ControlServer } from './control/control-server.js';
import { buildCharger, latestInstant, type FleetShared } from './fleet/build-charger.js';
import { fleetChargerIds, virtualIdTag } from './fleet/charger-ids.js';
import { FleetStats } from './fleet/fleet-stats.js';
import { SessionGenerator } from './fleet/session-generator.js';
import { buildReport, summaryLine, type SimulatorReport } from './fleet/simulator-report.js';
import { StateStore } from './persistence/state-store.js';
import { Scheduler } from './scheduler/scheduler.js';
import { isFleet, simulatorOptionsSchema, type SimulatorOptionsInput } from './simulator-options.js';
import { wsSocketFactory } from './transport/ws-socket.js';

// Composition root: one clock, one scheduler, one stats object and one store shared by every charger.

export interface SimulatorHandle {
  /** By charger id, in fleet order. */
  chargers: ReadonlyMap<string, SimulatedCharger>;
  /** The control API's port (the bound one when 0 was asked), or null without a control API. */
  controlPort: number | null;
  /** Figures so far. */
  report(): SimulatorReport;
  /** Closes every connection and the control API, writes pending state files; idempotent. */
  stop(): Promise<SimulatorReport>;
}

const DEFAULT_CAR_MAX_POWER_W = 7360;

export async function startSimulator(input: SimulatorOptionsInput): Promise<SimulatorHandle> {
  const options = simulatorOptionsSchema.parse(input);
  const fleet = isFleet(options);
  const ids = fleet ? fleetChargerIds(options.idPrefix, options.startIndex, options.count ?? 1) : [options.id ?? ''];
  const logger = createLogger('charger-sim', options.logLevel ?? (fleet ? 'warn' : 'info'));
  const scheduler = new Scheduler(systemTimers, {
    maxBatch: 2000,
    onError: (error) => logger.error({ err: error }, 'scheduled task failed'),
  });
  const stats = new FleetStats(ids.length);
  const store = new StateStore(scheduler, {
    dir: options.stateDir ?? null,
    debounceMs: fleet ? 2000 : 0,
    onError: (chargerId, error) => logger.error({ chargerId, err: error }, 'state file write failed'),
  });
  const saved = new Map(ids.map((id) => [id, store.load(id)] as const));
  // Without --sim-start, simulated time resumes after the latest instant the saved states hold: a run at
  // clock speed > 1 is ahead of the wall clock, and going back would un-count the zappi write window.
  const wallStartMs = systemWallMs();
  const resumeAfter = [...saved.values()].reduce(
    (max, s) => (s ? Math.max(max, latestInstant(s) + 1) : max),
    -Infinity,
  );
  const clock = new SimClock({
    simStartMs: options.simStart === undefined ? Math.max(wallStartMs, resumeAfter) : Date.parse(options.simStart),
    wallStartMs,
    monotonicMs: systemMonotonicMs,
    speed: options.clockSpeed,
  });
  const shared: FleetShared = {
    options,
    clock,
    scheduler,
    stats,
    store,
    sockets: wsSocketFactory,
    logger,
    callLogLimit: fleet ? 1000 : 10_000,
  };
  const chargers = new Map(ids.map((id) => [id, buildCharger(id, saved.get(id) ?? null, shared)] as const));

  // Ramp-up: connection i starts at i / connectRate seconds.
  const sessions: SessionGenerator[] = [];
  [...chargers.values()].forEach((charger, i) => {
    scheduler.after((i * 1000) / options.connectRate, () => charger.start());
    if (!options.sessions) return;
    const plan = {
      meanSessionMinutes: options.sessionMinutes,
      meanIdleMinutes: options.idleMinutes,
      idTag: virtualIdTag(charger.id),
    };
    const random = randomForCharger(options.seed === undefined ? null : `${options.seed}/sessions`, charger.id);
    const generator = new SessionGenerator(charger, plan, { scheduler, clock, random, logger });
    sessions.push(generator);
    generator.start();
  });

  let peakRssBytes = 0;
  const memory = () => {
    const m = process.memoryUsage();
    peakRssBytes = Math.max(peakRssBytes, m.rss);
    return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
  };
  const sampleMemory = (): void => {
    memory();
    scheduler.after(1000, sampleMemory);
  };
  sampleMemory();
  const summaryEvery = options.summaryEvery ?? (fleet ? 5 : 0);
  const summarise = (): void => {
    process.stderr.write(`${summaryLine(stats, clock.realElapsedMs(), memory().rssBytes)}\n`);
    stats.recentLatency.reset();
    scheduler.after(summaryEvery * 1000, summarise);
  };
  if (summaryEvery > 0) scheduler.after(summaryEvery * 1000, summarise);

  let control: ControlServer | null = null;
  if (options.controlPort !== undefined) {
    const ctx = { chargers, clock, defaultCarMaxPowerW: DEFAULT_CAR_MAX_POWER_W };
    control = await startControlServer(ctx, { host: options.controlHost, port: options.controlPort }, logger);
    logger.info({ port: control.port }, 'control API listening');
  }

  const report = (): SimulatorReport =>
    buildReport({ stats, runMs: clock.realElapsedMs(), clockSpeed: clock.speed, memory: memory(), peakRssBytes });
  let stopping: Promise<SimulatorReport> | null = null;
  const stop = (): Promise<SimulatorReport> => {
    stopping ??= (async () => {
      const final = report();
      for (const s of sessions) s.stop();
      for (const c of chargers.values()) c.stop();
      scheduler.stop(); // no more summaries or debounced saves: flush writes what is pending directly
      await store.flush();
      await control?.close();
      return final;
    })();
    return stopping;
  };
  return { chargers, controlPort: control?.port ?? null, report, stop };
}
