// The charger-sim fleet in its own process, through its public `startSimulator` API (the same code the CLI runs),
// with an IPC channel for the benchmarks: `report` (the simulator's own report so far), `window-start` /
// `window-end` (charger→CS call latency of a measuring window only, so a steady-state figure is not mixed with the
// connect ramp) and `stop` (the final report).
//
//   argv[2]: the simulator options as JSON (see apps/charger-sim/src/simulator-options.ts); `passwordsFile` names a
//            JSON file of per-charger passwords (a fleet's worth does not fit in one argument).
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dist } from './bench-utils.mjs';

const { startSimulator } = await import(dist('apps/charger-sim/src/start-simulator.js'));
const { FleetStats } = await import(dist('apps/charger-sim/src/fleet/fleet-stats.js'));
const { LatencyHistogram } = await import(dist('apps/charger-sim/src/fleet/latency-histogram.js'));

// Every latency the fleet records also goes into the window histogram (the simulator's own histograms are untouched).
const windowLatency = new LatencyHistogram();
const recordLatency = FleetStats.prototype.recordLatency;
FleetStats.prototype.recordLatency = function (ms) {
  recordLatency.call(this, ms);
  windowLatency.record(ms);
};

const { passwordsFile, ...given } = JSON.parse(process.argv[2]);
const options =
  passwordsFile === undefined ? given : { ...given, passwords: JSON.parse(readFileSync(passwordsFile, 'utf8')) };
const startedAt = performance.now();
const sim = await startSimulator(options);
let windowStart = null;
// The simulator's own event-loop delay: a charger's call latency includes it (one process plays every charger).
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;

const figures = () => ({
  count: windowLatency.count,
  p50: windowLatency.quantile(0.5),
  p90: windowLatency.quantile(0.9),
  p99: windowLatency.quantile(0.99),
  p999: windowLatency.quantile(0.999),
  max: Math.round(windowLatency.max * 10) / 10,
});

process.on('message', async (message) => {
  switch (message.type) {
    case 'report':
      process.send({ id: message.id, report: sim.report(), elapsedMs: performance.now() - startedAt });
      return;
    case 'window-start':
      windowLatency.reset();
      loop.reset();
      windowStart = { at: performance.now(), report: sim.report() };
      process.send({ id: message.id, ok: true });
      return;
    case 'window-end': {
      const report = sim.report();
      const seconds = (performance.now() - windowStart.at) / 1000;
      process.send({
        id: message.id,
        seconds,
        latencyMs: figures(),
        loopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
        callsOut: report.callsOut - windowStart.report.callsOut,
        callsIn: report.callsIn - windowStart.report.callsIn,
        timeouts: report.timeouts - windowStart.report.timeouts,
        rejects: report.rejects - windowStart.report.rejects,
        report,
      });
      return;
    }
    case 'stop': {
      const report = await sim.stop();
      process.send({ id: message.id, report });
      process.exit(0);
    }
  }
});
process.once('SIGTERM', () => void sim.stop().finally(() => process.exit(0)));
process.send({ type: 'ready', chargers: sim.chargers.size });
