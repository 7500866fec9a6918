// The processes of an ocpp-edge benchmark run: the edge under test (launched like production), the charger-sim
// fleet, the NATS requester and the bare ws baseline; each tracked so that an interrupted run stops them all.
import { join } from 'node:path';
import { forkWorker, freePort, root, rssOf, waitUntil } from '../lib/bench-utils.mjs';
import { BENCH_PEPPER, ID_PREFIX, PASSWORD } from './directory-stub.mjs';
import { edgeRuntimeEnv } from './edge-runtime.mjs';

/** Starts and tracks the run's processes, all on the run's NATS prefix. */
export function benchProcesses(natsUrl, prefix) {
  const started = new Set();
  async function track(workerPromise) {
    const worker = await workerPromise;
    started.add(worker);
    worker.exited.then(() => started.delete(worker));
    return worker;
  }

  return {
    /** An edge process; `extraEnv` overrides its configuration. `--expose-gc` lets memory be read after a full GC. */
    async startEdge(extraEnv = {}) {
      const env = {
        ...edgeRuntimeEnv(process.env),
        NATS_URL: natsUrl,
        NATS_PREFIX: prefix,
        EDGE_PORT: String(await freePort()),
        EDGE_HOST: '127.0.0.1',
        EDGE_METRICS_PORT: String(await freePort()),
        EDGE_ID: 'bench-edge',
        CREDENTIAL_PEPPER: BENCH_PEPPER,
        LOG_LEVEL: 'warn',
        ...extraEnv,
      };
      const script = join(root, 'bench/ocpp-edge/edge-process.mjs');
      // BENCH_EDGE_CPU_PROF_DIR=dir: the edge writes a V8 CPU profile there when it stops (cpu-profile-summary.mjs).
      const profDir = process.env.BENCH_EDGE_CPU_PROF_DIR;
      const prof = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
      const edge = await track(forkWorker(script, [], { env, execArgv: ['--expose-gc', ...prof] }));
      return { ...edge, url: `ws://127.0.0.1:${edge.ready.port}/ocpp` };
    },

    /** A charger-sim fleet of `count` chargers against `url`; every connection starts at once unless `extra` says. */
    startSim(url, count, extra = {}) {
      const options = {
        url,
        count,
        idPrefix: ID_PREFIX,
        password: PASSWORD,
        connectRate: 1_000_000,
        seed: 'edge-bench',
        summaryEvery: 0,
        logLevel: 'error',
        // The connect timeout is the call timeout: long enough that a charger waiting behind thousands of scrypt
        // verifications is not counted as a failure by its own impatience (the figure reported is the wait itself).
        callTimeoutSeconds: 1800,
        ...extra,
      };
      const script = join(root, 'bench/lib/sim-process.mjs');
      return track(forkWorker(script, [JSON.stringify(options)], { readyTimeoutMs: 120_000 }));
    },

    /** The CSMS side of the throughput test: `cp.{id}.call` requests through NATS. */
    startRequester() {
      const env = { ...process.env, NATS_URL: natsUrl, NATS_PREFIX: prefix };
      return track(forkWorker(join(root, 'bench/ocpp-edge/nats-requester.mjs'), [], { env }));
    },

    /** The bare `ws` server the throughput is compared with. */
    startBareServer() {
      const env = { ...process.env, HEARTBEAT_INTERVAL_S: '300' };
      return track(forkWorker(join(root, 'bench/ocpp-edge/bare-server.mjs'), [], { env }));
    },

    async stopAll() {
      for (const worker of [...started]) await worker.stop(5000).catch(() => undefined);
    },
  };
}

/** Polls the simulator until every charger booted; samples the edge's RSS meanwhile (when `edgePid` is given). */
export async function untilAllBooted(sim, edgePid, timeoutMs) {
  let peakRss = 0;
  let report;
  await waitUntil(
    async () => {
      if (edgePid) peakRss = Math.max(peakRss, rssOf(edgePid) ?? 0);
      report = (await sim.request({ type: 'report' })).report;
      return report.allBootedAfterMs !== null;
    },
    { timeoutMs, everyMs: 500, what: 'every charger booted' },
  );
  return { report, peakRss };
}

/** What went wrong for a fleet of `chargers`, from the simulator's final report. */
export function failuresOf(report, chargers) {
  const detail = {
    rejects: report.rejects,
    timeouts: report.timeouts,
    reconnects: Math.max(0, report.connects - chargers),
    disconnects: report.disconnects,
    notBooted: chargers - report.everBooted,
  };
  return { total: Object.values(detail).reduce((sum, n) => sum + n, 0), detail };
}
