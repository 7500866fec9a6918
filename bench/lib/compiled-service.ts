// A compiled app (dist/apps/…/main.js) started as its own process, as it runs in production, for the
// TypeScript benchmarks (compiled to dist/bench/lib/compiled-service.js).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository root (this file runs from dist/bench/lib/). */
export const root = new URL('../../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningService {
  child: ChildProcess;
  metricsPort: number;
  /** CPU seconds (user + system) the process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * Starts `entry` (relative to the root) with `env` on top of this process's environment and waits until
 * its /readyz on `metricsPort` answers; `env` receives the free port the service is to serve metrics on.
 */
export async function startCompiledService(
  name: string,
  entry: string,
  env: (metricsPort: number) => Record<string, string>,
): Promise<RunningService> {
  const metricsPort = await freePort();
  const child = spawn(process.execPath, [join(root, entry)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env(metricsPort) },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${metricsPort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${name} not ready within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    metricsPort,
    cpuSeconds() {
      // After "pid (comm) ": utime and stime are fields 11 and 12, in clock ticks (100 per second).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
