// What the profile-command benchmark reads off the running platform: CPU per process, the backlog of every durable
// consumer of the run, the outbox, and (with --count-queries) the PostgreSQL statements each app has sent.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpuSecondsOf, pidsOf, round, waitUntil } from '../lib/bench-utils.mjs';

/** Busy and total jiffies of the whole machine (every core), from /proc/stat. */
function machineJiffies() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait, iowait };
}

/** `processes`, `bus` and `db` are getters: the platform starts after this module is set up. */
export function platformFigures({ processes, bus, db, streams, queryCountDir }) {
  /**
   * CPU used per process over a window (percent of one core); postgres = every backend (shared with other users);
   * `kafka (java)` = the broker's JVM; `machine busy / iowait` = the whole machine (percent of all cores).
   */
  function cpuMeter(extra = {}) {
    const named = { ...Object.fromEntries([...processes()].map(([name, child]) => [name, child.pid])), ...extra };
    const natsPid = pidsOf('nats-server')[0];
    if (natsPid) named['nats-server'] = natsPid;
    const javaPid = pidsOf('java')[0];
    if (javaPid) named['kafka (java)'] = javaPid;
    named.bench = process.pid;
    const machine0 = machineJiffies();
    const before = Object.fromEntries(Object.entries(named).map(([n, pid]) => [n, cpuSecondsOf(pid)]));
    const pgBefore = new Map(pidsOf('postgres').map((pid) => [pid, cpuSecondsOf(pid)]));
    const t0 = performance.now();
    return () => {
      const seconds = (performance.now() - t0) / 1000;
      const out = {};
      for (const [n, pid] of Object.entries(named)) out[n] = round(((cpuSecondsOf(pid) - before[n]) / seconds) * 100);
      let pgUsed = 0;
      for (const pid of pidsOf('postgres')) pgUsed += (cpuSecondsOf(pid) ?? 0) - (pgBefore.get(pid) ?? 0);
      out['postgres (all backends)'] = round((pgUsed / seconds) * 100);
      const machine1 = machineJiffies();
      const jiffies = machine1.total - machine0.total;
      out['machine busy %'] = round(((machine1.busy - machine0.busy) / jiffies) * 100);
      out['machine iowait %'] = round(((machine1.iowait - machine0.iowait) / jiffies) * 100);
      return out;
    };
  }

  /** Pending messages of every durable consumer of this run (facts for profile-command, events for the twin…). */
  async function consumerBacklog() {
    const out = {};
    for (const def of Object.values(streams)) {
      const name = bus().stream(def.name);
      try {
        for await (const info of bus().jsm.consumers.list(name))
          out[info.name] = info.num_pending + info.num_ack_pending;
      } catch {
        // stream not there
      }
    }
    return out;
  }
  const outboxSize = async () => Number((await db().query('SELECT count(*) AS n FROM outbox')).rows[0].n);

  /** Statements sent so far by each platform app (only with --count-queries). */
  async function queryCounts() {
    if (!queryCountDir) return null;
    const out = {};
    for (const [name, child] of processes()) {
      const file = join(queryCountDir, `${child.pid}.json`);
      rmSync(file, { force: true });
      child.kill('SIGUSR2');
      // The file can exist before it is fully written: wait until it parses.
      const parsed = () => {
        try {
          return JSON.parse(readFileSync(file, 'utf8'));
        } catch {
          return null;
        }
      };
      await waitUntil(() => existsSync(file) && parsed() !== null, {
        timeoutMs: 5000,
        everyMs: 20,
        what: `${name}'s query count`,
      });
      out[name] = parsed().queries;
    }
    return out;
  }

  return { cpuMeter, consumerBacklog, outboxSize, queryCounts };
}
