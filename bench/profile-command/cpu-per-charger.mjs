// CPU per confirmed charger of the fleet pushes in profile-command benchmark results: for each push, each process's
// CPU (cpuPercent × push time) divided by the chargers confirmed, summed per app (replicas together), and what the
// whole push cost. From that, the push rate the platform's CPU alone would allow (the simulator left out: it stands
// in for the chargers) with everything on one 2-core machine, and with the apps that scale out by replica
// (ocpp-edge, profile-command) moved to a second 2-core machine: the slower of the two machines sets the rate.
// `postgres (all backends)` counts every PostgreSQL backend of the machine (other sessions' too when they run).
//
//   node bench/profile-command/cpu-per-charger.mjs bench/results/profile-command-round16-fleet.json …
import { readFileSync } from 'node:fs';
import { median, round } from '../lib/bench-utils.mjs';

const appOf = (process) => process.replace(/#\d+$/, '');
// What a second machine would take over: the apps that run as replicas behind a load balancer.
const MOVABLE = new Set(['ocpp-edge', 'profile-command']);
const CORES = 2;

for (const file of process.argv.slice(2)) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  for (const fleet of results.fleet ?? []) {
    const perPush = fleet.pushes.map((push) => {
      const ms = {};
      for (const [name, percent] of Object.entries(push.cpuPercent)) {
        if (name.startsWith('machine ')) continue; // the whole machine's share, not a process
        const app = appOf(name);
        ms[app] = (ms[app] ?? 0) + ((percent / 100) * push.allConfirmedS * 1000) / push.confirmed;
      }
      return ms;
    });
    const apps = Object.keys(perPush[0]);
    const msPerCharger = Object.fromEntries(apps.map((a) => [a, round(median(perPush.map((p) => p[a])), 3)]));
    // The simulator stands in for the chargers and the benchmark observes: neither is the platform's cost.
    const platformApps = apps.filter((a) => a !== 'sim' && a !== 'bench');
    const total = platformApps.reduce((s, a) => s + msPerCharger[a], 0);
    const movable = platformApps.filter((a) => MOVABLE.has(a)).reduce((s, a) => s + msPerCharger[a], 0);
    const rest = total - movable;
    console.log(
      JSON.stringify(
        {
          file,
          replicas: results.params.replicas ?? 1,
          chargers: fleet.chargers,
          cpuMsPerCharger: msPerCharger,
          platformCpuMsPerCharger: round(total, 3),
          movableCpuMsPerCharger: round(movable, 3),
          // CPU-bound rates (chargers/s): the platform on 2 cores; the movable apps on a second 2-core machine.
          cpuBoundPerSecondOneMachine: Math.round((CORES * 1000) / total),
          cpuBoundPerSecondTwoMachines: Math.round((CORES * 1000) / Math.max(rest, movable)),
          measuredPerSecond: median(fleet.pushes.map((p) => p.confirmedPerSecond)),
          machineBusyPercent: fleet.pushes.map((p) => p.cpuPercent['machine busy %'] ?? null),
        },
        null,
        2,
      ),
    );
  }
}
