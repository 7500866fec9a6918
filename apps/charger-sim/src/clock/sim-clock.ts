// The simulator's one notion of device time. Simulated time runs `speed` times faster than real time, so a
// schedule, the zappi write window and the heartbeat/meter intervals all stay consistent with each other
// under `--clock-speed`. Real (monotonic) time is still needed for network concerns: timeouts, back-off,
// latency.

export interface SimClockInputs {
  /** Simulated epoch ms at the instant the clock is created. */
  simStartMs: number;
  /** Wall-clock epoch ms at the instant the clock is created (for "real time" in audit logs). */
  wallStartMs: number;
  /** Monotonic real time in ms (performance.now in production, a fake in tests). */
  monotonicMs: () => number;
  /** Simulated seconds per real second; > 0. */
  speed: number;
}

export class SimClock {
  readonly speed: number;
  private readonly simStartMs: number;
  private readonly wallStartMs: number;
  private readonly monotonicMs: () => number;
  private readonly monotonicStartMs: number;

  constructor(inputs: SimClockInputs) {
    if (!(inputs.speed > 0) || !Number.isFinite(inputs.speed)) throw new RangeError('clock speed must be > 0');
    this.speed = inputs.speed;
    this.simStartMs = inputs.simStartMs;
    this.wallStartMs = inputs.wallStartMs;
    this.monotonicMs = inputs.monotonicMs;
    this.monotonicStartMs = inputs.monotonicMs();
  }

  /** Real ms elapsed since the clock was created. */
  realElapsedMs(): number {
    return this.monotonicMs() - this.monotonicStartMs;
  }

  /** Monotonic real time (ms), the scheduler's time base. */
  realNow(): number {
    return this.monotonicMs();
  }

  /** Simulated epoch ms: start + real elapsed × speed (whole ms, as OCPP timestamps and the device use). */
  now(): number {
    return Math.floor(this.simStartMs + this.realElapsedMs() * this.speed);
  }

  /** Wall-clock epoch ms (unscaled). */
  wallNow(): number {
    return Math.floor(this.wallStartMs + this.realElapsedMs());
  }

  /** Real ms until `simSeconds` of simulated time have passed. */
  realDelayMs(simSeconds: number): number {
    return (simSeconds * 1000) / this.speed;
  }
}
