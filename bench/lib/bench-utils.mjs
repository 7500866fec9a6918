// Small helpers shared by the ocpp-edge and profile-command benchmarks: statistics, process figures read from
// /proc, the machine line, child processes that speak IPC, and free ports. No dependencies beyond Node.
import { execSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';

export const root = new URL('../../', import.meta.url).pathname;
/** A compiled module under dist/ (run `npm run build` first). */
export const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;

export function median(xs) {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (0 < p ≤ 100) of raw samples. */
export function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const round = (x, digits = 1) =>
  x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/** Resident set size of a process in bytes (VmRSS), or null once it is gone. */
export const rssOf = (pid) => statusBytes(pid, 'VmRSS');

/** The largest resident set size a process has had so far in bytes (VmHWM: what a memory limit must allow). */
export const peakRssOf = (pid) => statusBytes(pid, 'VmHWM');

function statusBytes(pid, field) {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After "pid (comm) ": state is field 0, utime field 11, stime field 12 (clock ticks).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The pids of every process whose name is exactly `name` (e.g. every PostgreSQL backend: `postgres`). */
export function pidsOf(name) {
  try {
    return execSync(`pgrep -x ${name}`).toString().trim().split('\n').map(Number).filter(Boolean);
  } catch {
    return [];
  }
}

export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memMb: Math.round(totalmem() / 1048576),
    loadAvg1AtStart: round(loadavg()[0], 2),
  };
}

export const load1 = () => round(loadavg()[0], 2);

/** The clock of V8's CPU profiles (CLOCK_MONOTONIC, µs), to cut a profile to a phase of a benchmark. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export function freePort() {
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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a truthy value or `timeoutMs` passes (then throws `what`). */
export async function waitUntil(check, { timeoutMs, everyMs = 250, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * A Node child process with an IPC channel: `request(message)` sends `{id, ...message}` and resolves with the
 * child's `{id, ...}` answer; the child announces itself with `{type: 'ready', ...}`.
 */
export async function forkWorker(
  script,
  args,
  { env = process.env, execArgv = [], readyTimeoutMs = 60_000, stderr = 'inherit' } = {},
) {
  const child = fork(script, args, { env, execArgv, stdio: ['ignore', 'inherit', stderr, 'ipc'] });
  let nextId = 1;
  const waiting = new Map();
  const listeners = new Set();
  child.on('message', (message) => {
    if (message?.id !== undefined && waiting.has(message.id)) {
      waiting.get(message.id)(message);
      waiting.delete(message.id);
    }
    for (const listener of listeners) listener(message);
  });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} not ready within ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    const onReady = (message) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      listeners.delete(onReady);
      resolve(message);
    };
    listeners.add(onReady);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    child,
    pid: child.pid,
    ready,
    exited,
    on: (listener) => listeners.add(listener),
    request(message, timeoutMs = 600_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${script}: no answer to ${message.type} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        child.send({ id, ...message });
      });
    },
    /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Machine-wide TCP counters (TcpExt, /proc/net/netstat): accept-queue overflows and SYN retransmissions. */
export function tcpCounters() {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const header = lines.find((l) => l.startsWith('TcpExt:'))?.split(/\s+/) ?? [];
  const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(/\s+/) ?? [];
  const get = (name) => Number(values[header.indexOf(name)] ?? 0);
  return { listenOverflows: get('ListenOverflows'), listenDrops: get('ListenDrops'), synRetrans: get('TCPSynRetrans') };
}

export function tcpCountersSince(before) {
  const now = tcpCounters();
  return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - before[k]]));
}
