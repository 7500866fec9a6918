/**
 * Keeps one service process running, as an orchestrator would (restartPolicy: Always with a back-off): when it
 * exits without being asked to, it is started again after a delay that doubles with each crash in a row and resets
 * once a run lasted `stableAfterMs`. `npm start` and the fault drill run every replica under one of these. Time and
 * process creation are injected, so the policy is tested without clocks or real processes.
 */

export interface BackoffPolicy {
  /** Delay before the first restart after a stable run. */
  initialMs: number;
  maxMs: number;
  factor: number;
  /** A run at least this long counts as stable: the next crash starts the back-off from `initialMs` again. */
  stableAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, stableAfterMs: 60_000 };

/** The delay before restart number `crashesInRow` (1 = the first crash after a stable run). */
export function restartDelayMs(crashesInRow: number, policy: BackoffPolicy = defaultBackoff): number {
  if (!Number.isInteger(crashesInRow) || crashesInRow < 1) throw new RangeError('crashesInRow must be an integer ≥ 1');
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** (crashesInRow - 1));
}

/** What the supervisor needs of a child process (node's ChildProcess has it). */
export interface ProcessLike {
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  kill(signal?: NodeJS.Signals): boolean;
}

export type SupervisorEvent =
  | { kind: 'started'; name: string; pid: number | undefined; start: number }
  | {
      kind: 'exited';
      name: string;
      pid: number | undefined;
      code: number | null;
      signal: NodeJS.Signals | null;
      ranMs: number;
      /** Null when the exit was asked for (stop): no restart follows. */
      restartInMs: number | null;
      crashesInRow: number;
    };

export interface SupervisorDeps<P extends ProcessLike> {
  spawn(): P;
  now(): number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
  log(event: SupervisorEvent): void;
}

export class SupervisedProcess<P extends ProcessLike = ProcessLike> {
  private child: P | null = null;
  private startedAt = 0;
  private crashesInRow = 0;
  private starts = 0;
  private stopping = false;
  private cancelRestart: (() => void) | null = null;
  private readonly exitWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    private readonly deps: SupervisorDeps<P>,
    private readonly policy: BackoffPolicy = defaultBackoff,
    /** False: a crash is only logged (a test that wants to see it), nothing is restarted. */
    private readonly restart = true,
  ) {}

  /** The running process, or null between a crash and its restart (and after stop). */
  get current(): P | null {
    return this.child;
  }

  /** How many times the process was started (1 + restarts). */
  get startCount(): number {
    return this.starts;
  }

  start(): void {
    if (this.stopping) throw new Error(`${this.name} is stopped; make a new SupervisedProcess`);
    if (this.child) return;
    this.cancelRestart = null;
    const child = this.deps.spawn();
    this.child = child;
    this.starts++;
    this.startedAt = this.deps.now();
    this.deps.log({ kind: 'started', name: this.name, pid: child.pid, start: this.starts });
    child.once('exit', (code, signal) => this.exited(child, code, signal));
  }

  /** Sends `signal` to the running process (a drill's kill -9); the supervisor restarts it as after any crash. */
  kill(signal: NodeJS.Signals): boolean {
    return this.child?.kill(signal) ?? false;
  }

  /** Stops supervising: cancels a pending restart, sends SIGTERM, and SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.cancelRestart?.();
    this.cancelRestart = null;
    const child = this.child;
    if (!child) return;
    const gone = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    const cancelKill = this.deps.schedule(() => child.kill('SIGKILL'), graceMs);
    child.kill('SIGTERM');
    await gone;
    cancelKill();
  }

  private exited(child: P, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    const ranMs = this.deps.now() - this.startedAt;
    if (this.stopping || !this.restart) {
      this.deps.log({
        kind: 'exited',
        name: this.name,
        pid: child.pid,
        code,
        signal,
        ranMs,
        restartInMs: null,
        crashesInRow: this.crashesInRow,
      });
      for (const resolve of this.exitWaiters.splice(0)) resolve();
      return;
    }
    this.crashesInRow = ranMs >= this.policy.stableAfterMs ? 1 : this.crashesInRow + 1;
    const delay = restartDelayMs(this.crashesInRow, this.policy);
    this.deps.log({
      kind: 'exited',
      name: this.name,
      pid: child.pid,
      code,
      signal,
      ranMs,
      restartInMs: delay,
      crashesInRow: this.crashesInRow,
    });
    this.cancelRestart = this.deps.schedule(() => {
      if (!this.stopping) this.start();
    }, delay);
  }
}

/** One line for a person reading `npm start`'s output or a drill log. */
export function describeSupervisorEvent(event: SupervisorEvent): string {
  if (event.kind === 'started') {
    return event.start === 1
      ? `supervisor: ${event.name} started (pid ${event.pid ?? '?'})`
      : `supervisor: ${event.name} restarted (pid ${event.pid ?? '?'}, start ${event.start})`;
  }
  const how = event.signal ? `signal ${event.signal}` : `code ${event.code ?? '?'}`;
  const after = `after ${(event.ranMs / 1000).toFixed(1)} s`;
  return event.restartInMs === null
    ? `supervisor: ${event.name} (pid ${event.pid ?? '?'}) exited with ${how} ${after}`
    : `supervisor: ${event.name} (pid ${event.pid ?? '?'}) crashed with ${how} ${after}; restart in ${event.restartInMs} ms (crash ${event.crashesInRow} in a row)`;
}
