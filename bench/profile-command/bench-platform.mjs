// The platform of one profile-command benchmark run and the helpers its phases use on it: the run's own PostgreSQL
// schema, NATS prefix and Kafka topic prefix; the platform started on them (one or two replica sets, --cpu-prof);
// the API, the simulator processes, bulk registration, the figures read off the processes; and the clean-up.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, forkWorker, root } from '../lib/bench-utils.mjs';
import { registerBulk } from './fleet-setup.mjs';
import { platformFigures } from './platform-figures.mjs';
import { autovacuumOn } from './vacuum.mjs';

export const log = (line) => process.stderr.write(`[pc-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/**
 * Provides the run's infrastructure and sets SIGINT and SIGTERM to clean up; `start()` then starts the platform and
 * answers it with the bus, the database pool and whether autovacuum is on; `cleanup()` stops and removes everything.
 * `options` are the benchmark's (bench-options.mjs): `replicas`, `cpuProf` and `countQueries` are read here.
 */
export async function benchPlatform({ replicas, cpuProf, countQueries, platformNodeOptions }) {
  const { provideInfra, startPlatform, freePorts } = await import(
    dist('node_modules/@chargeplane/platform-testing/index.js')
  );
  const { NatsBus } = await import(dist('node_modules/@chargeplane/platform-messaging/index.js'));
  const { streams, BULK_REGISTRATION_LIMIT } = await import(dist('node_modules/@chargeplane/contracts-api/index.js'));
  const pg = (await import('pg')).default;
  const { Admin } = await import('@platformatic/kafka');

  // Diagnostic: every platform process counts its PostgreSQL statements (bench/lib/count-queries.mjs).
  const queryCountDir = countQueries ? mkdtempSync(join(tmpdir(), 'pc-bench-queries-')) : null;
  if (queryCountDir) {
    process.env.BENCH_QUERY_COUNT_DIR = queryCountDir;
    process.env.NODE_OPTIONS =
      `${process.env.NODE_OPTIONS ?? ''} --import ${join(root, 'bench/lib/count-queries.mjs')}`.trim();
  }
  // The platform-generated keys of every charger registered (id → password), and where their files go.
  const passwords = {};
  const keysDir = mkdtempSync(join(tmpdir(), 'pc-bench-keys-'));

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
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));

  async function api(method, path, key, body) {
    const res = await fetch(`${platform.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
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

  // CPU, backlogs, statements: `processes`, `bus` and `db` are read when measured, after the start.
  const { cpuMeter, consumerBacklog, outboxSize, queryCounts } = platformFigures({
    processes: replicaProcesses,
    bus: () => bus,
    db: () => db,
    streams,
    queryCountDir,
  });

  /** Starts the platform; answers it, the pids of its replicas as started, the bus, the pool and autovacuum. */
  async function start() {
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
    // --cpu-prof and --platform-node-options: the platform's processes inherit NODE_OPTIONS (startPlatform passes
    // process.env on); the simulator and the benchmark do not (restored right after the start).
    const nodeOptions = process.env.NODE_OPTIONS;
    const platformFlags = [nodeOptions, platformNodeOptions];
    if (cpuProf) {
      mkdirSync(cpuProf, { recursive: true });
      platformFlags.push(`--cpu-prof --cpu-prof-dir=${cpuProf}`);
    }
    process.env.NODE_OPTIONS = platformFlags.filter(Boolean).join(' ');
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
    const pids = Object.fromEntries(replicaProcesses().map(([name, child]) => [name, child.pid]));
    log(`platform: ${platform.replicas.map((r) => `${r.name} pid ${r.process.current?.pid}`).join(', ')}`);
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'pc-bench', prefix });
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    const autovacuum = await autovacuumOn(db);
    if (!autovacuum) log("PostgreSQL runs with autovacuum off: the run's tables are vacuumed before every push");
    return { platform, pids, bus, db, autovacuum };
  }

  return {
    infra,
    adminKey,
    queryCountDir,
    passwords,
    keysDir,
    api,
    simProcess,
    register,
    replicaProcesses,
    replicaOf,
    cpuMeter,
    consumerBacklog,
    outboxSize,
    queryCounts,
    start,
    cleanup,
  };
}
