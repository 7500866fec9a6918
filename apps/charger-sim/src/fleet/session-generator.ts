import type { Logger } from '@chargeplane/platform-observability';
import { exponential, type RandomSource } from '../clock/random-source.js';
import type { SimClock } from '../clock/sim-clock.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { PlugInRequest } from '../charger/simulated-charger.js';

// Scripted sessions (`--sessions`): each charger alternates idle and charging periods whose lengths are
// exponentially distributed around the given means (simulated minutes), drawn from the charger's own
// seeded source. Cars differ in how much power they take.

export interface SessionCharger {
  readonly id: string;
  readonly booted: boolean;
  plugIn(request: PlugInRequest): void;
  unplug(connectorId: number): void;
  hasCar(connectorId: number): boolean;
}

export interface SessionPlan {
  meanSessionMinutes: number;
  meanIdleMinutes: number;
  idTag: string;
}

// Typical on-board chargers: 16 A single phase, 32 A single phase, 16 A three phase.
const CAR_MAX_POWER_W = [3680, 7360, 11_040];

export class SessionGenerator {
  private task: { cancel(): void } | null = null;
  private stopped = false;

  constructor(
    private readonly charger: SessionCharger,
    private readonly plan: SessionPlan,
    private readonly deps: { scheduler: Scheduler; clock: SimClock; random: RandomSource; logger: Logger },
  ) {}

  start(): void {
    this.after(this.plan.meanIdleMinutes, () => this.arrive());
  }

  stop(): void {
    this.stopped = true;
    this.task?.cancel();
  }

  private after(meanMinutes: number, fn: () => void): void {
    if (this.stopped) return;
    const simSeconds = exponential(this.deps.random, meanMinutes * 60);
    this.task = this.deps.scheduler.after(this.deps.clock.realDelayMs(simSeconds), fn);
  }

  private arrive(): void {
    // A car arriving at a charger that is not up yet waits for the next idle period instead.
    if (!this.charger.booted || this.charger.hasCar(1))
      return this.after(this.plan.meanIdleMinutes, () => this.arrive());
    const pick = Math.floor(this.deps.random() * CAR_MAX_POWER_W.length);
    const maxPowerW = CAR_MAX_POWER_W[pick] ?? 7360;
    try {
      this.charger.plugIn({ connectorId: 1, maxPowerW, idTag: this.plan.idTag });
    } catch (error) {
      this.deps.logger.debug({ chargerId: this.charger.id, err: String(error) }, 'scripted plug-in skipped');
    }
    this.after(this.plan.meanSessionMinutes, () => this.leave());
  }

  private leave(): void {
    if (this.charger.hasCar(1)) {
      try {
        this.charger.unplug(1);
      } catch (error) {
        this.deps.logger.debug({ chargerId: this.charger.id, err: String(error) }, 'scripted unplug skipped');
      }
    }
    this.after(this.plan.meanIdleMinutes, () => this.arrive());
  }
}
