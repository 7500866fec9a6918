// The summary of an ocpp-edge benchmark run: medians over runs of each phase's samples (worst case for failures).
import { median, round } from '../lib/bench-utils.mjs';

const m = (xs, key) => (xs ? median(xs.map((x) => x[key])) : null);
const worst = (xs, key) => Math.max(...xs.map((x) => x[key]));

function connectMedians(xs) {
  return (
    xs && {
      allBootedS: m(xs, 'allBootedS'),
      bootedPerSecond: m(xs, 'bootedPerSecond'),
      failures: worst(xs, 'failures'),
      edgeCpuMsPerConnection: m(xs, 'edgeCpuMsPerConnection'),
      rssKbPerConnection: m(xs, 'rssKbPerConnection'),
      heapKbPerConnection: m(xs, 'heapKbPerConnection'),
      edgePeakRssMb: m(xs, 'edgePeakRssMb'),
    }
  );
}

function steadyMedians(samples, clocks) {
  return (
    samples &&
    clocks.map((clockSpeed) => {
      const xs = samples.filter((s) => s.clockSpeed === clockSpeed);
      return {
        clockSpeed,
        framesPerSecond: m(xs, 'framesPerSecond'),
        chargerCallsPerSecond: m(xs, 'chargerCallsPerSecond'),
        p50Ms: median(xs.map((s) => s.latencyMs.p50)),
        p99Ms: median(xs.map((s) => s.latencyMs.p99)),
        edgeLoopDelayP99Ms: median(xs.map((s) => s.edgeLoopDelayMs.p99)),
        simLoopDelayP99Ms: median(xs.map((s) => s.simLoopDelayMs.p99)),
        edgeCpuPercent: median(xs.map((s) => s.cpu.edge.percent)),
        failures: Math.max(...xs.map((s) => s.simTimeouts + s.simRejects)),
      };
    })
  );
}

function backlogMedians(xs) {
  return {
    allBootedS: m(xs, 'allBootedS'),
    bootLatencyP99Ms: m(xs, 'bootLatencyP99Ms'),
    listenOverflows: median(xs.map((x) => x.tcpMachineWide.listenOverflows)),
    synRetrans: median(xs.map((x) => x.tcpMachineWide.synRetrans)),
  };
}

/** Medians of every phase present in `results`. */
export function medians(results, steadyClocks) {
  const out = {
    storm: connectMedians(results.storm),
    stormScrypt: connectMedians(results.stormScrypt),
    control: connectMedians(results.control),
    ramp: connectMedians(results.ramp),
    steady: steadyMedians(results.steady, steadyClocks),
    throughput: results.throughputEdge && {
      edgePerSecond: m(results.throughputEdge, 'perSecond'),
      barePerSecond: m(results.throughputBare, 'perSecond'),
      ratio: round(m(results.throughputEdge, 'perSecond') / m(results.throughputBare, 'perSecond'), 3),
      edgeP99Ms: round(m(results.throughputEdge, 'p99')),
      bareP99Ms: round(m(results.throughputBare, 'p99')),
    },
  };
  if (results.backlog511) {
    out.backlog = { default511: backlogMedians(results.backlog511), fixed4096: backlogMedians(results.backlog4096) };
  }
  if (out.stormScrypt && out.control) {
    out.scryptCostPerUpgrade = {
      edgeCpuMs: round(out.stormScrypt.edgeCpuMsPerConnection - out.control.edgeCpuMsPerConnection, 2),
      wallClockS: round(out.stormScrypt.allBootedS - out.control.allBootedS),
    };
  }
  return out;
}
