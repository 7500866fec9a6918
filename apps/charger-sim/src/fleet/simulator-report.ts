import type { FleetStats } from './fleet-stats.js';

// The run's figures: one summary line every few seconds on stderr, and one JSON report at the end.

export interface MemorySample {
  rssBytes: number;
  heapUsedBytes: number;
}

export interface SimulatorReport {
  chargers: number;
  connected: number;
  booted: number;
  everBooted: number;
  connects: number;
  disconnects: number;
  callsIn: number;
  callsOut: number;
  rejects: number;
  timeouts: number;
  latencyMs: { count: number; p50: number | null; p90: number | null; p99: number | null; max: number };
  /** Real ms from start until every charger had booted once; null if that never happened. */
  allBootedAfterMs: number | null;
  runSeconds: number;
  simulatedSeconds: number;
  clockSpeed: number;
  rssBytes: number;
  peakRssBytes: number;
  heapUsedBytes: number;
}

export interface ReportInputs {
  stats: FleetStats;
  runMs: number;
  clockSpeed: number;
  memory: MemorySample;
  peakRssBytes: number;
}

export function buildReport({ stats, runMs, clockSpeed, memory, peakRssBytes }: ReportInputs): SimulatorReport {
  const l = stats.latency;
  return {
    chargers: stats.chargers,
    connected: stats.connected,
    booted: stats.booted,
    everBooted: stats.everBootedCount,
    connects: stats.connects,
    disconnects: stats.disconnects,
    callsIn: stats.callsIn,
    callsOut: stats.callsOut,
    rejects: stats.rejects,
    timeouts: stats.timeouts,
    latencyMs: {
      count: l.count,
      p50: l.quantile(0.5),
      p90: l.quantile(0.9),
      p99: l.quantile(0.99),
      max: Math.round(l.max * 10) / 10,
    },
    allBootedAfterMs: stats.allBootedAfterMs === null ? null : Math.round(stats.allBootedAfterMs),
    runSeconds: Math.round(runMs / 100) / 10,
    simulatedSeconds: Math.round((runMs * clockSpeed) / 100) / 10,
    clockSpeed,
    rssBytes: memory.rssBytes,
    peakRssBytes: Math.max(peakRssBytes, memory.rssBytes),
    heapUsedBytes: memory.heapUsedBytes,
  };
}

const ms = (v: number | null): string => (v === null ? '-' : `${v}ms`);

/** One line; the latency percentiles cover the calls answered since the previous line. */
export function summaryLine(stats: FleetStats, runMs: number, rssBytes: number): string {
  const r = stats.recentLatency;
  return [
    `charger-sim t=${Math.round(runMs / 1000)}s`,
    `connected=${stats.connected}/${stats.chargers}`,
    `booted=${stats.booted}`,
    `callsIn=${stats.callsIn}`,
    `callsOut=${stats.callsOut}`,
    `rejects=${stats.rejects}`,
    `timeouts=${stats.timeouts}`,
    `p50=${ms(r.quantile(0.5))}`,
    `p99=${ms(r.quantile(0.99))}`,
    `rss=${Math.round(rssBytes / 1048576)}MB`,
  ].join(' ');
}
