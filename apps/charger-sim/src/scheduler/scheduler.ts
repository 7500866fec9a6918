import { MinHeap } from './min-heap.js';

// One scheduler drives every due action of every charger (heartbeats, meter values, reconnects, boot
// retries, call timeouts, debounced saves): a min-heap of due times behind a single real timer, so 10,000
// chargers cost one timer, not tens of thousands.

/** The real timer the scheduler sits on (setTimeout in production, a manual fake in tests). */
export interface TimerPort {
  /** Monotonic ms. */
  now(): number;
  set(fn: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export interface ScheduledTask {
  readonly dueMs: number;
  /** Idempotent; a cancelled task never runs. */
  cancel(): void;
}

interface Entry extends ScheduledTask {
  seq: number;
  fn: () => void;
  state: 'pending' | 'cancelled' | 'done';
}

// Node clamps longer delays to 1 ms; far-future tasks simply re-arm the timer when it fires early.
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface SchedulerOptions {
  /** Most tasks run per turn before yielding to I/O (keeps sockets served during bursts). */
  maxBatch: number;
  /** A task threw: report it; the scheduler keeps going. */
  onError: (error: unknown) => void;
}

export class Scheduler {
  private readonly heap = new MinHeap<Entry>((a, b) => a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq));
  private seq = 0;
  private cancelledInHeap = 0;
  private timer: unknown = null;
  private timerDueMs = Infinity;
  private stopped = false;

  constructor(
    private readonly timers: TimerPort,
    private readonly options: SchedulerOptions,
  ) {}

  now(): number {
    return this.timers.now();
  }

  /** Tasks waiting to run (cancelled ones excluded). */
  get pending(): number {
    return this.heap.size - this.cancelledInHeap;
  }

  after(delayMs: number, fn: () => void): ScheduledTask {
    return this.at(this.timers.now() + Math.max(0, delayMs), fn);
  }

  at(dueMs: number, fn: () => void): ScheduledTask {
    const entry: Entry = {
      dueMs,
      seq: this.seq++,
      fn,
      state: 'pending',
      cancel: () => this.cancel(entry),
    };
    if (this.stopped) {
      entry.state = 'cancelled';
      return entry;
    }
    this.heap.push(entry);
    if (dueMs < this.timerDueMs) this.arm(dueMs);
    return entry;
  }

  /** Runs every task due now (up to maxBatch; the rest right after pending I/O). */
  runDue(): void {
    this.timer = null;
    this.timerDueMs = Infinity;
    const now = this.timers.now();
    let ran = 0;
    for (let top = this.heap.peek(); top && ran < this.options.maxBatch; top = this.heap.peek()) {
      if (top.state === 'cancelled') {
        this.heap.pop();
        this.cancelledInHeap--;
        continue;
      }
      if (top.dueMs > now) break;
      this.heap.pop();
      top.state = 'done';
      ran++;
      try {
        top.fn();
      } catch (error) {
        this.options.onError(error);
      }
    }
    // Tasks added while running may have armed the timer for themselves; the heap's top decides.
    const next = this.heap.peek();
    if (!next || this.stopped) return;
    const due = ran >= this.options.maxBatch ? now : next.dueMs;
    if (this.timer === null || due < this.timerDueMs) this.arm(due);
  }

  /** Drops every task and the timer; later `at`/`after` calls are ignored. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.timerDueMs = Infinity;
    this.heap.clear();
    this.cancelledInHeap = 0;
  }

  private cancel(entry: Entry): void {
    if (entry.state !== 'pending') return;
    entry.state = 'cancelled';
    if (this.stopped) return;
    this.cancelledInHeap++;
    // Lazy deletion keeps cancel O(1); compact when dead entries dominate so memory stays bounded.
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap * 2 > this.heap.size) {
      this.heap.retain((e) => e.state === 'pending');
      this.cancelledInHeap = 0;
    }
  }

  private arm(dueMs: number): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timerDueMs = dueMs;
    const delay = Math.min(Math.max(0, dueMs - this.timers.now()), MAX_TIMER_DELAY_MS);
    this.timer = this.timers.set(() => this.runDue(), delay);
  }
}
