// profile-command benchmark: the whole platform (startPlatform: provision, then profile-command, device-twin,
// compliance-gb, kafka-bridge and ocpp-edge as child processes) on a fresh PostgreSQL schema, a unique NATS prefix and
// a unique Kafka topic prefix, with charger-sim chargers connected through the real edge. Phases:
//
//   single  one generic-ocpp16 charger (no write budget), unloaded: PUT a changed profile, then timestamp the moments
//           it went through the platform: PUT answered (202), the charger's Accepted reaching the platform (the edge's
//           CallResult fact on OCPP_IN), ChargingProfileAccepted on CHARGER_EVENTS (event store → outbox → JetStream),
//           the twin in-sync (device-twin's twin.changed), and a GET /v1/chargers/{id} that shows it in-sync.
//   fleet   N zappi chargers registered through POST /v1/chargers/bulk (platform-generated keys, handed to the
//           simulator in a passwords file; the setup time is reported), connected with the simulator fleet, then
//           POST /v1/charging-profile-assignments {tag} and the progress polled until every charger confirmed.
//
// --replicas 2: two ocpp-edge and two profile-command replicas (the other apps one each); the fleet is split in two
// simulator processes, one per edge. CPU is reported per replica (`ocpp-edge#1`, `ocpp-edge#2`, …).
// --cpu-prof DIR: every platform process writes a V8 CPU profile into DIR when it stops; the push windows (monotonic
// µs, the profiles' clock) are stored in the results for `bench/lib/cpu-profile-summary.mjs --window`.
// --platform-node-options='FLAGS' (with '=': the flags begin with a dash): Node flags for the platform's processes only, e.g. the heap limit a deployment sets
// (`--max-old-space-size=320`); every push reports each process's RSS after it (`rssMb`) and its peak so far
// (`peakRssMb`, VmHWM).
//
//   npm run build && node bench/profile-command/profile-command.bench.mjs [--phases single,fleet] [--runs 3]
//        [--changes 200] [--sizes 1000,10000] [--replicas 1|2] [--cpu-prof DIR] [--out bench/results/profile-command.json]
//        [--platform-node-options='FLAGS']
//        [--count-queries] [--bus-lag] [--count-messages] (diagnostics: each adds work to the push it measures)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { machine } from '../lib/bench-utils.mjs';
import { benchOptions } from './bench-options.mjs';
import { benchPlatform, log } from './bench-platform.mjs';
import { fleetPush } from './fleet-push.phase.mjs';
import { summariseFleet, summariseSingle } from './summaries.mjs';
import { singleCommand } from './single-command.phase.mjs';

const options = benchOptions();
const { phases, runs, changes, sizes, replicas, pushTimeoutMs } = options;

// ---- platform -------------------------------------------------------------------------------------------------------
const bench = await benchPlatform(options);
const { infra, adminKey, queryCountDir, passwords, keysDir, api, simProcess, register } = bench;
const { replicaProcesses, replicaOf, cpuMeter, consumerBacklog, outboxSize, queryCounts } = bench;

/** The daily profile the phases push: `limit` A from midnight, 32 A from 07:00. */
function profile(chargingProfileId, limit) {
  return {
    connectorId: 1,
    chargingProfile: {
      chargingProfileId,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: {
        duration: 86400,
        startSchedule: '2026-01-05T00:00:00Z',
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit },
          { startPeriod: 25200, limit: 32 },
        ],
      },
    },
  };
}

// ---- main -----------------------------------------------------------------------------------------------------------
const results = {
  benchmark: 'profile-command',
  at: new Date().toISOString(),
  machine: machine(),
  params: {
    runs,
    changes,
    sizes,
    replicas,
    cpuProf: options.cpuProf ?? null,
    platformNodeOptions: options.platformNodeOptions ?? null,
    runId: infra.runId,
  },
  notes: [
    'The whole platform runs (profile-command, device-twin, compliance-gb, kafka-bridge, ocpp-edge) on the same 2 cores as NATS, PostgreSQL, Kafka, the simulator and the benchmark.',
    'Chargers are registered through POST /v1/chargers/bulk with platform-generated keys (peppered HMAC, decision 0007); the simulator gets the keys in a passwords file. Registration time is set-up, reported, not a target here.',
    'replicas 2: ocpp-edge and profile-command run two replicas each (the other apps one); the fleet is split in two simulator processes, one per edge; the assignment is posted to profile-command#1.',
    'cpuPercent is percent of one core per process over the push (replicas by name, sim#n = simulator processes, postgres = every backend on the machine).',
  ],
};
const save = () => {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
};

try {
  const { platform, pids, bus, db, autovacuum } = await bench.start();
  results.pids = pids;
  const tenant = await api('POST', '/v1/tenants', adminKey, { name: 'bench' });
  if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${JSON.stringify(tenant.body)}`);
  const { apiKey, tenantId } = tenant.body;

  if (phases.includes('single')) {
    const context = {
      api,
      bus,
      platform,
      register,
      passwords,
      simProcess,
      cpuMeter,
      profile,
      log,
      save,
      runs,
      changes,
    };
    results.single = await singleCommand(context, apiKey, tenantId);
    results.medians = { ...results.medians, single: summariseSingle(results.single) };
    save();
  }
  if (phases.includes('fleet')) {
    results.fleet = [];
    let registered = 0;
    for (const size of sizes) {
      const context = {
        api,
        bus,
        db,
        platform,
        register,
        passwords,
        keysDir,
        simProcess,
        cpuMeter,
        consumerBacklog,
        outboxSize,
        queryCounts,
        queryCountDir,
        replicaOf,
        replicaProcesses,
        profile,
        log,
        save,
        runs,
        sizes,
        replicas,
        autovacuum,
        pushTimeoutMs,
        pauseProjections: options.pauseProjections,
        busLag: options.busLag,
        countMessages: options.countMessages,
      };
      const fleet = await fleetPush(context, apiKey, tenantId, size, registered, `up-to-${size}`);
      registered = Math.max(registered, size);
      results.fleet.push(fleet);
      save();
    }
    results.medians = { ...results.medians, fleet: results.fleet.map(summariseFleet) };
  }
  save();
  console.log(JSON.stringify(results.medians, null, 2));
} finally {
  if (!options.keep) await bench.cleanup();
}
