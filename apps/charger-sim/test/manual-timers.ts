import type { TimerPort } from '../src/scheduler/scheduler.js';

/** A TimerPort driven by hand (`advance`), for unit tests of anything built on the scheduler. */
export class ManualTimers implements TimerPort {
  private nowMs = 0;
  private nextHandle = 1;
  private readonly timers = new Map<number, { dueMs: number; fn: () => void }>();
  /** How many real timers were ever armed (the scheduler must keep this small). */
  armed = 0;

  now(): number {
    return this.nowMs;
  }

  set(fn: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.timers.set(handle, { dueMs: this.nowMs + delayMs, fn });
    this.armed++;
    return handle;
  }

  clear(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get active(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing timers in due order (timers set while firing run too when due). */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = [...this.timers.entries()].sort((a, b) => a[1].dueMs - b[1].dueMs)[0];
      if (!next || next[1].dueMs > target) break;
      this.timers.delete(next[0]);
      this.nowMs = Math.max(this.nowMs, next[1].dueMs);
      next[1].fn();
    }
    this.nowMs = target;
  }
}
