import { LatencyHistogram } from './latency-histogram.js';

// Counters every charger reports into; the summary line and the final report read them. `rejects` counts
// the Central System saying no: a refused upgrade (401/404…), BootNotification Rejected, or a CALLERROR
// answer to one of the charger's calls.

export class FleetStats {
  connected = 0;
  booted = 0;
  connects = 0;
  disconnects = 0;
  callsIn = 0;
  callsOut = 0;
  rejects = 0;
  timeouts = 0;
  /** Real ms (since start) when every charger had booted at least once; null until then. */
  allBootedAfterMs: number | null = null;
  readonly latency = new LatencyHistogram();
  /** Since the last summary line. */
  readonly recentLatency = new LatencyHistogram();
  private readonly everBooted = new Set<string>();

  constructor(readonly chargers: number) {}

  get everBootedCount(): number {
    return this.everBooted.size;
  }

  recordLatency(ms: number): void {
    this.latency.record(ms);
    this.recentLatency.record(ms);
  }

  /** A charger's BootNotification was accepted; `elapsedMs` = real ms since the simulator started. */
  recordBoot(chargerId: string, elapsedMs: number): void {
    this.booted++;
    this.everBooted.add(chargerId);
    if (this.allBootedAfterMs === null && this.everBooted.size >= this.chargers) this.allBootedAfterMs = elapsedMs;
  }
}
