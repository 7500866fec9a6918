// Connect phases: a fleet connects to a fresh edge, at once (storm, control) or ramped (ramp). Measures the time until
// every charger booted, failures, edge CPU per upgrade, and memory per connection (see edge-memory.mjs).
//
//   storm    10,000 chargers at once, each with its own platform-generated key stored as HMAC-SHA-256 under the
//            pepper (decision 0007): the edge restarting under a full fleet, every upgrade really checked.
//   storm-scrypt  the same storm with one chosen password under real scrypt (N=16384): what every storm cost
//            before 0007, and what chargers registered with a chosen password still cost.
//   control  the same storm with a deliberately cheap scrypt hash (N=16, r=1): the edge without verification cost.
//   ramp     the chargers arrive at --ramp-rate per second with the cheap hash, so the edge is never scrypt-bound and
//            the connections really arrive spread out: memory of a fleet that connected over time.
import { cpuSecondsOf, load1, round, tcpCounters, tcpCountersSince } from '../lib/bench-utils.mjs';
import { failuresOf, untilAllBooted } from './bench-processes.mjs';
import { perConnection, readEdgeMemory } from './edge-memory.mjs';

/** One connect run; `ctx` holds the options, the directory stub and the processes. */
export async function connectRun(ctx, { label, hash, fleet, connectRate, edgeEnv = {} }) {
  const { options, stub, processes } = ctx;
  const { count } = options;
  stub.directory.hash = hash;
  stub.directory.hashes = fleet?.hashes ?? null;
  stub.directory.heartbeatIntervalSeconds = 300;
  return stub.withStream(async () => {
    const edge = await processes.startEdge(edgeEnv);
    let sim;
    try {
      const before = await readEdgeMemory(edge, 2000);
      const cpuBefore = cpuSecondsOf(edge.pid);
      const loadAvg1 = load1();
      const tcpBefore = tcpCounters();
      const passwords = fleet === undefined ? {} : { passwordsFile: fleet.passwordsFile };
      sim = await processes.startSim(edge.url, count, { connectRate, ...passwords });
      const { report, peakRss } = await untilAllBooted(sim, edge.pid, 45 * 60_000);
      const edgeCpuS = cpuSecondsOf(edge.pid) - cpuBefore;
      const tcp = tcpCountersSince(tcpBefore);
      const after = await readEdgeMemory(edge, options.settleMs);
      const frames = (await edge.request({ type: 'frames' })).frames;
      const final = (await sim.request({ type: 'stop' })).report;
      const failures = failuresOf(final, count);
      const sample = {
        label,
        chargers: count,
        connectRate,
        allBootedS: round(report.allBootedAfterMs / 1000),
        bootedPerSecond: round(count / (report.allBootedAfterMs / 1000)),
        failures: failures.total,
        failureDetail: failures.detail,
        edgeErrors: frames.errors,
        bootLatencyP99Ms: report.latencyMs.p99,
        edgeCpuS: round(edgeCpuS),
        edgeCpuMsPerConnection: round((edgeCpuS * 1000) / count, 2),
        edgePeakRssMb: round(peakRss / 1048576),
        ...perConnection(before, after),
        simRssMb: round(final.rssBytes / 1048576),
        tcpMachineWide: tcp,
        loadAvg1,
        loadAvg1AtReading: load1(),
      };
      ctx.log(`${label}: ${JSON.stringify(sample)}`);
      return sample;
    } finally {
      await sim?.stop();
      await edge.stop();
    }
  });
}
