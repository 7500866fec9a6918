import { performance } from 'node:perf_hooks';
import type { TimerPort } from '../scheduler/scheduler.js';

// The only place that reads the machine's clocks and owns a real timer; everything else receives a
// SimClock, a monotonic function or the scheduler.

export const systemMonotonicMs = (): number => performance.now();
export const systemWallMs = (): number => Date.now();

export const systemTimers: TimerPort = {
  now: systemMonotonicMs,
  set: (fn, delayMs) => setTimeout(fn, Math.max(0, delayMs)),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
