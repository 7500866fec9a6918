import { EventEmitter } from 'node:events';
import {
  SupervisedProcess,
  describeSupervisorEvent,
  restartDelayMs,
  type BackoffPolicy,
  type ProcessLike,
  type SupervisorEvent,
} from './supervisor.js';

class FakeChild extends EventEmitter implements ProcessLike {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly signals: NodeJS.Signals[] = [];
  constructor(readonly pid: number) {
    super();
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    return true;
  }
  die(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
}

/** A manual clock and timer queue: time moves only when the test says so. */
function harness(policy: BackoffPolicy, restart = true) {
  let now = 0;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const children: FakeChild[] = [];
  const events: SupervisorEvent[] = [];
  const proc = new SupervisedProcess<FakeChild>(
    'device-twin#1',
    {
      spawn: () => {
        const child = new FakeChild(100 + children.length);
        children.push(child);
        return child;
      },
      now: () => now,
      schedule: (fn, ms) => {
        const timer = { at: now + ms, fn, cancelled: false };
        timers.push(timer);
        return () => (timer.cancelled = true);
      },
      log: (e) => events.push(e),
    },
    policy,
    restart,
  );
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => !t.cancelled && t.at <= now)) {
      t.cancelled = true;
      t.fn();
    }
  };
  return { proc, children, events, advance, pendingTimers: () => timers.filter((t) => !t.cancelled).length };
}

const policy: BackoffPolicy = { initialMs: 500, maxMs: 4_000, factor: 2, stableAfterMs: 60_000 };

describe('restartDelayMs', () => {
  it('doubles with each crash in a row up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => restartDelayMs(n, policy))).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('refuses a crash count below one', () => {
    expect(() => restartDelayMs(0, policy)).toThrow(RangeError);
  });
});

describe('SupervisedProcess', () => {
  it('restarts a crashed process after the back-off delay, not before', () => {
    const h = harness(policy);
    h.proc.start();
    h.advance(1_000);
    h.children[0]!.die(null, 'SIGKILL');
    expect(h.proc.current).toBeNull();
    h.advance(499);
    expect(h.children).toHaveLength(1);
    h.advance(1);
    expect(h.children).toHaveLength(2);
    expect(h.proc.current).toBe(h.children[1]);
    expect(h.proc.startCount).toBe(2);
  });

  it('backs off further on crashes in a row and starts over after a stable run', () => {
    const h = harness(policy);
    h.proc.start();
    const delays: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      h.children.at(-1)!.die(1);
      const exited = h.events.at(-1)!;
      delays.push(exited.kind === 'exited' ? exited.restartInMs : -1);
      h.advance(10_000);
    }
    h.advance(60_000);
    h.children.at(-1)!.die(1);
    const afterStable = h.events.at(-1)!;
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(afterStable.kind === 'exited' && afterStable.restartInMs).toBe(500);
  });

  it('stop sends SIGTERM, escalates to SIGKILL after the grace time, and never restarts', async () => {
    const h = harness(policy);
    h.proc.start();
    const child = h.children[0]!;
    const stopped = h.proc.stop(5_000);
    expect(child.signals).toEqual(['SIGTERM']);
    h.advance(5_000);
    expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
    child.die(null, 'SIGKILL');
    await stopped;
    h.advance(60_000);
    expect(h.children).toHaveLength(1);
    expect(h.events.at(-1)).toMatchObject({ kind: 'exited', restartInMs: null });
  });

  it('stop during the back-off cancels the pending restart', async () => {
    const h = harness(policy);
    h.proc.start();
    h.children[0]!.die(1);
    await h.proc.stop();
    h.advance(60_000);
    expect(h.children).toHaveLength(1);
    expect(h.pendingTimers()).toBe(0);
  });

  it('without restart a crash is only reported', () => {
    const h = harness(policy, false);
    h.proc.start();
    h.children[0]!.die(3);
    h.advance(60_000);
    expect(h.children).toHaveLength(1);
    expect(h.events.at(-1)).toMatchObject({ kind: 'exited', code: 3, restartInMs: null });
  });

  it('kill forwards the signal to the running process', () => {
    const h = harness(policy);
    h.proc.start();
    expect(h.proc.kill('SIGKILL')).toBe(true);
    expect(h.children[0]!.signals).toEqual(['SIGKILL']);
  });
});

describe('describeSupervisorEvent', () => {
  it('says what crashed, how, and when it restarts', () => {
    expect(
      describeSupervisorEvent({
        kind: 'exited',
        name: 'kafka-bridge#2',
        pid: 42,
        code: null,
        signal: 'SIGKILL',
        ranMs: 3_250,
        restartInMs: 1_000,
        crashesInRow: 2,
      }),
    ).toBe(
      'supervisor: kafka-bridge#2 (pid 42) crashed with signal SIGKILL after 3.3 s; restart in 1000 ms (crash 2 in a row)',
    );
    expect(describeSupervisorEvent({ kind: 'started', name: 'ocpp-edge#1', pid: 7, start: 3 })).toBe(
      'supervisor: ocpp-edge#1 restarted (pid 7, start 3)',
    );
  });
});
