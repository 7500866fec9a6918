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
//
//   npm run build && node bench/profile-command/profile-command.bench.mjs [--phases single,fleet] [--runs 3]
//        [--changes 200] [--sizes 1000,10000] [--replicas 1|2] [--cpu-prof DIR] [--out bench/results/profile-command.json]
//        [--count-queries] [--bus-lag] [--count-messages] (diagnostics: each adds work to the push it measures)
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { dist, forkWorker, machine, root } from '../lib/bench-utils.mjs';
import { platformFigures } from './platform-figures.mjs';
import { fleetPush } from './fleet-push.phase.mjs';
import { summariseFleet, summariseSingle } from './summaries.mjs';
import { singleCommand } from './single-command.phase.mjs';
import { autovacuumOn } from './vacuum.mjs';
import { registerBulk } from './fleet-setup.mjs';

const { values } = parseArgs({
  options: {
    phases: { type: 'string', default: 'single,fleet' },
    runs: { type: 'string', default: '3' },
    changes: { type: 'string', default: '200' },
    sizes: { type: 'string', default: '1000,10000' },
    replicas: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
    'push-timeout': { type: 'string', default: '300' },
    out: { type: 'string', default: join(root, 'bench/results/profile-command.json') },
    keep: { type: 'boolean', default: false },
    'count-queries': { type: 'boolean', default: false },
    // Diagnostic: SIGSTOP device-twin, compliance-gb and kafka-bridge during each push (SIGCONT after), to measure
    // the command path (profile-command, edge, charger) without the projections competing for the two cores.
    'pause-projections': { type: 'boolean', default: false },
    // Diagnostic: also time each push event's arrival on CHARGER_EVENTS (the outbox relay's share of the twin lag).
    'bus-lag': { type: 'boolean', default: false },
    // Diagnostic: count every message NATS carries during each push, by kind, per confirmed charger (bus-traffic.mjs).
    'count-messages': { type: 'boolean', default: false },
  },
});
const phases = values.phases.split(',');
const runs = Number(values.runs);
const changes = Number(values.changes);
const sizes = values.sizes.split(',').map(Number);
const replicas = Number(values.replicas);
if (![1, 2].includes(replicas)) throw new Error('--replicas is 1 or 2');
const pushTimeoutMs = Number(values['push-timeout']) * 1000;

const { provideInfra, startPlatform, freePorts } = await import(
  dist('node_modules/@chargeplane/platform-testing/index.js')
);
const { NatsBus } = await import(dist('node_modules/@chargeplane/platform-messaging/index.js'));
const { streams, BULK_REGISTRATION_LIMIT } = await import(dist('node_modules/@chargeplane/contracts-api/index.js'));
const pg = (await import('pg')).default;
const { Admin } = await import('@platformatic/kafka');

// Diagnostic: every platform process counts its PostgreSQL statements (bench/lib/count-queries.mjs).
const queryCountDir = values['count-queries'] ? mkdtempSync(join(tmpdir(), 'pc-bench-queries-')) : null;
if (queryCountDir) {
  process.env.BENCH_QUERY_COUNT_DIR = queryCountDir;
  process.env.NODE_OPTIONS =
    `${process.env.NODE_OPTIONS ?? ''} --import ${join(root, 'bench/lib/count-queries.mjs')}`.trim();
}
const log = (line) => process.stderr.write(`[pc-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
// The platform-generated keys of every charger registered (id → password), and where their files go.
const passwords = {};
const keysDir = mkdtempSync(join(tmpdir(), 'pc-bench-keys-'));

// ---- platform -------------------------------------------------------------------------------------------------------
const infra = await provideInfra({ postgres: true, nats: true, kafka: true });
const prefix = infra.runId;
const topicPrefix = `${infra.runId}.`;
const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
const logDir = join(root, '.local/bench-logs', infra.runId);
log(
  `run ${infra.runId}: schema ${infra.schema}, NATS prefix ${prefix}, Kafka topic prefix ${topicPrefix}, logs ${logDir}`,
);

const workers = new Set();
let platform;
let bus;
let db;
let autovacuum = true;
async function cleanup() {
  for (const worker of [...workers]) await worker.stop(5000).catch(() => undefined);
  await platform?.stop().catch(() => undefined);
  if (bus) {
    // Every stream of this run's prefix (provision made them), then the Kafka topics of its topic prefix.
    for (const def of Object.values(streams)) await bus.deleteStreams([def]);
    await bus.close();
  }
  await db?.end().catch(() => undefined);
  try {
    const admin = new Admin({ clientId: 'pc-bench-cleanup', bootstrapBrokers: infra.kafkaBrokers });
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.close();
  } catch (error) {
    log(`kafka cleanup failed: ${error.message}`);
  }
  await infra.stop(); // drops the schema
  rmSync(keysDir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

async function api(method, path, key, body) {
  const res = await fetch(`${platform.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function track(promise) {
  const worker = await promise;
  workers.add(worker);
  worker.exited.then(() => workers.delete(worker));
  return worker;
}

const simProcess = (options) =>
  track(
    forkWorker(
      join(root, 'bench/lib/sim-process.mjs'),
      [JSON.stringify({ summaryEvery: 0, logLevel: 'error', seed: 'pc-bench', ...options })],
      { readyTimeoutMs: 120_000 },
    ),
  );

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

/** Registers new chargers through the bulk route; their keys go into `passwords`. Answers the timing. */
async function register(key, ids, model, tags) {
  const done = await registerBulk({ api, key, ids, model, tags, limit: BULK_REGISTRATION_LIMIT });
  Object.assign(passwords, done.passwords);
  return done.figures;
}

/** The running replicas as [name, child process] (`profile-command#1`, `ocpp-edge#2`, …). */
const replicaProcesses = () =>
  platform.replicas.filter((r) => r.process.current).map((r) => [r.name, r.process.current]);
const replicaOf = (app) => platform.replicas.find((r) => r.app === app).process.current;

// ---- platform figures (CPU, backlogs, statements) -------------------------------------------------------------------
const { cpuMeter, consumerBacklog, outboxSize, queryCounts } = platformFigures({
  processes: replicaProcesses,
  bus: () => bus,
  db: () => db,
  streams,
  queryCountDir,
});

// ---- main -----------------------------------------------------------------------------------------------------------
const results = {
  benchmark: 'profile-command',
  at: new Date().toISOString(),
  machine: machine(),
  params: { runs, changes, sizes, replicas, cpuProf: values['cpu-prof'] ?? null, runId: infra.runId },
  notes: [
    'The whole platform runs (profile-command, device-twin, compliance-gb, kafka-bridge, ocpp-edge) on the same 2 cores as NATS, PostgreSQL, Kafka, the simulator and the benchmark.',
    'Chargers are registered through POST /v1/chargers/bulk with platform-generated keys (peppered HMAC, decision 0007); the simulator gets the keys in a passwords file. Registration time is set-up, reported, not a target here.',
    'replicas 2: ocpp-edge and profile-command run two replicas each (the other apps one); the fleet is split in two simulator processes, one per edge; the assignment is posted to profile-command#1.',
    'cpuPercent is percent of one core per process over the push (replicas by name, sim#n = simulator processes, postgres = every backend on the machine).',
  ],
};
const save = () => {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
};

try {
  // Ports of the first replica set, and of the second with --replicas 2 (the drill's layout, tools/drill).
  const ports = await freePorts(6 * replicas);
  const portSet = (i) => ({
    apiPort: ports[6 * i],
    edgePort: ports[6 * i + 1],
    metricsPorts: {
      edge: ports[6 * i + 2],
      twin: ports[6 * i + 3],
      bridge: ports[6 * i + 4],
      compliance: ports[6 * i + 5],
    },
  });
  // --cpu-prof: the platform's processes inherit NODE_OPTIONS (startPlatform passes process.env on); the simulator
  // and the benchmark do not (restored right after the start).
  const nodeOptions = process.env.NODE_OPTIONS;
  if (values['cpu-prof']) {
    mkdirSync(values['cpu-prof'], { recursive: true });
    process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --cpu-prof --cpu-prof-dir=${values['cpu-prof']}`.trim();
  }
  // startPlatform gives each replica 60 s to answer /readyz: on a machine other sessions load, a start can miss that
  // (seven processes loading at once); it stops what it started, so one more attempt is clean.
  const platformOptions = {
    root,
    natsUrl: infra.natsUrl,
    natsPrefix: prefix,
    databaseUrl: infra.databaseUrl,
    kafkaBrokers: infra.kafkaBrokers.join(','),
    kafkaTopicPrefix: topicPrefix,
    ...portSet(0),
    replicas: { 'ocpp-edge': replicas, 'profile-command': replicas },
    replicaPorts: Array.from({ length: replicas - 1 }, (_, i) => portSet(i + 1)),
    adminKey,
    logDir,
    logLevel: 'warn',
  };
  platform = await startPlatform(platformOptions).catch((error) => {
    log(`platform start failed (${error.message}); once more`);
    return startPlatform(platformOptions);
  });
  if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = nodeOptions;
  results.pids = Object.fromEntries(replicaProcesses().map(([name, child]) => [name, child.pid]));
  log(`platform: ${platform.replicas.map((r) => `${r.name} pid ${r.process.current?.pid}`).join(', ')}`);
  bus = await NatsBus.connect({ url: infra.natsUrl, name: 'pc-bench', prefix });
  db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  autovacuum = await autovacuumOn(db);
  if (!autovacuum) log("PostgreSQL runs with autovacuum off: the run's tables are vacuumed before every push");
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
        pauseProjections: values['pause-projections'],
        busLag: values['bus-lag'],
        countMessages: values['count-messages'],
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
  if (!values.keep) await cleanup();
}
