// Steady phase: 10,000 chargers with heartbeats, sessions and meter values on an accelerated clock; frames per second,
// charger call latency (p50/p99), CPU of each process and the edge's event-loop delay over a measuring window.
import { load1, round, rssOf, sleep } from '../lib/bench-utils.mjs';
import { untilAllBooted } from './bench-processes.mjs';
import { cpuMeter, natsServerPid } from './cpu-meter.mjs';

const sumBy = (frames, prefix) =>
  Object.entries(frames.byKind)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((s, [, v]) => s + v, 0);

/** Charger CALLs per second by action, between two readings of the edge's frame counters. */
function callsByAction(before, after, seconds) {
  const actions = {};
  for (const [k, v] of Object.entries(after.byKind)) {
    if (!k.startsWith('in.call.')) continue;
    const d = v - (before.byKind[k] ?? 0);
    if (d > 0) actions[k.slice('in.call.'.length)] = round(d / seconds);
  }
  return actions;
}

/** One steady run at `clockSpeed` simulated seconds per real second. */
export async function steadyRun(ctx, clockSpeed) {
  const { options, stub, processes } = ctx;
  const { count, steadySeconds } = options;
  stub.directory.hash = stub.controlHash; // only the connect speed depends on the hash; it keeps the setup short
  stub.directory.heartbeatIntervalSeconds = options.steadyHeartbeat;
  return stub.withStream(async () => {
    const edge = await processes.startEdge();
    let sim;
    try {
      // A gentle ramp (1,000 connections per second): the storm is measured on its own.
      sim = await processes.startSim(edge.url, count, {
        connectRate: 1000,
        clockSpeed,
        sessions: true,
        sessionMinutes: 10,
        idleMinutes: 5,
      });
      await untilAllBooted(sim, edge.pid, 15 * 60_000);
      await sleep(30_000); // sessions and heartbeats reach their steady mix
      const loadAvg1 = load1();
      const before = (await edge.request({ type: 'frames', resetLoop: true })).frames;
      const storedBefore = await stub.storedFacts();
      const cpu = cpuMeter({ edge: edge.pid, sim: sim.pid, natsServer: natsServerPid });
      await sim.request({ type: 'window-start' });
      await sleep(steadySeconds * 1000);
      const window = await sim.request({ type: 'window-end' });
      const edgeEnd = await edge.request({ type: 'frames' });
      const after = edgeEnd.frames;
      const storedAfter = await stub.storedFacts();
      const seconds = window.seconds;
      const callsIn = sumBy(after, 'in.call.') - sumBy(before, 'in.call.');
      const sample = {
        chargers: count,
        clockSpeed,
        heartbeatIntervalSimS: options.steadyHeartbeat,
        seconds: round(seconds),
        framesPerSecond: round((after.in + after.out - before.in - before.out) / seconds),
        chargerCallsPerSecond: round(callsIn / seconds),
        callsPerSecondByAction: callsByAction(before, after, seconds),
        latencyMs: window.latencyMs,
        simTimeouts: window.timeouts,
        simRejects: window.rejects,
        factsStoredPerSecond: round((storedAfter - storedBefore) / seconds),
        cpu: cpu.read(seconds, callsIn),
        edgeLoopDelayMs: edgeEnd.loopDelayMs,
        simLoopDelayMs: window.loopDelayMs,
        edgeRssMb: round(rssOf(edge.pid) / 1048576),
        edgeHeapMb: round(edgeEnd.memory.heapUsed / 1048576),
        edgeErrors: after.errors,
        loadAvg1,
      };
      ctx.log(`steady: ${JSON.stringify(sample)}`);
      return sample;
    } finally {
      await sim?.stop();
      await edge.stop();
    }
  });
}
