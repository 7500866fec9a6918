// CPU used by the benchmark's processes over a measuring window, read from /proc.
import { execSync } from 'node:child_process';
import { cpuSecondsOf, round } from '../lib/bench-utils.mjs';

/** Starts counting for `pids` (name → pid; missing ones are skipped); `read` gives % of a core and ms per call. */
export function cpuMeter(pids) {
  const present = Object.fromEntries(Object.entries(pids).filter(([, pid]) => pid));
  const before = Object.fromEntries(Object.entries(present).map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  return {
    read(seconds, calls) {
      const out = {};
      for (const [name, pid] of Object.entries(present)) {
        const used = cpuSecondsOf(pid) - before[name];
        out[name] = { percent: round((used / seconds) * 100), msPerCall: round((used * 1000) / calls, 3) };
      }
      return out;
    },
  };
}

// nats-server is shared with everything else on the machine: its CPU during a window is an upper bound for ours.
export const natsServerPid = (() => {
  try {
    return Number(execSync('pgrep -o nats-server').toString().trim()) || null;
  } catch {
    return null;
  }
})();
