// Bulk registration benchmark (issue 16, "Registration": 10,000 chargers through the bulk route in ≤ 10 s).
// profile-command and device-twin run as child processes (the compiled apps, as `npm start` runs them) on a fresh
// PostgreSQL schema and a unique NATS prefix; each run registers N new chargers with platform-generated keys in one
// `POST /v1/chargers/bulk` (JSON, or --format csv) and times it from the request sent to the whole answer read.
// Reported per run: wall time, chargers/s, profile-command CPU seconds during the request, the load average, and
// how long until device-twin had a twin for every one of them (the projection catching up; not part of the target).
//
//   npm run build && node bench/profile-command/bulk-registration.bench.mjs [--chargers 10000] [--runs 3]
//        [--format json|csv] [--out bench/results/bulk-registration.json] [--cpu-prof DIR]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSecondsOf, dist, freePort, load1, machine, median, root, round, sleep } from '../lib/bench-utils.mjs';

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    format: { type: 'string', default: 'json' },
    out: { type: 'string', default: join(root, 'bench/results/bulk-registration.json') },
    // Diagnostic: a CPU profile of profile-command (node --cpu-prof) into this directory, written when it stops.
    'cpu-prof': { type: 'string' },
  },
});
const chargers = Number(values.chargers);
const runs = Number(values.runs);
const format = values.format;
if (!['json', 'csv'].includes(format)) throw new Error('--format is json or csv');

const { provideInfra, runToCompletion, appRuntimeEnv } = await import(
  dist('node_modules/@chargeplane/platform-testing/index.js')
);
const pg = (await import('pg')).default;
const log = (line) => process.stderr.write(`[bulk-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const infra = await provideInfra({ postgres: true, nats: true });
const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
const apiPort = await freePort();
const twinPort = await freePort();
const logDir = join(root, '.local/bench-logs', infra.runId);
mkdirSync(logDir, { recursive: true });
const env = {
  ...process.env,
  NATS_URL: infra.natsUrl,
  NATS_PREFIX: infra.runId,
  DATABASE_URL: infra.databaseUrl,
  API_PORT: String(apiPort),
  API_HOST: '127.0.0.1',
  TWIN_METRICS_PORT: String(twinPort),
  CHARGEPLANE_ADMIN_KEY: adminKey,
  CREDENTIAL_PEPPER: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
};
const children = new Map();
let db;

async function cleanup() {
  for (const child of children.values()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
  }
  await db?.end().catch(() => undefined);
  await infra.stop(); // this run's streams and schema
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

async function waitReady(url, child, name) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited while starting (see ${logDir})`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready at ${url}`);
    await sleep(100);
  }
}

function start(app) {
  const out = createWriteStream(join(logDir, `${app}.log`), { flags: 'a' });
  const profile =
    app === 'profile-command' && values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
  const child = spawn(process.execPath, [...profile, join(root, `dist/apps/${app}/src/main.js`)], {
    env: appRuntimeEnv(root, app, env),
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  children.set(app, child);
  return child;
}

async function api(method, path, key, body, contentType = 'application/json') {
  const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const rowsOf = (run) =>
  Array.from({ length: chargers }, (_, i) => ({
    chargerId: `BULK-${run}-${String(i).padStart(5, '0')}`,
    model: i % 5 === 0 ? 'generic-ocpp16' : 'zappi',
    tags: [`depot-${i % 20}`],
  }));
const csvOf = (rows) =>
  ['chargerId,model,tags', ...rows.map((r) => `${r.chargerId},${r.model},${r.tags.join(';')}`)].join('\n');

async function twinsOf(tenantId) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM twins WHERE tenant_id = $1`, [tenantId]);
  return rows[0].n;
}

const results = [];
try {
  await runToCompletion(root, 'dist/tools/provision/provision.main.js', env);
  const pc = start('profile-command');
  const twin = start('device-twin');
  await waitReady(`http://127.0.0.1:${apiPort}/readyz`, pc, 'profile-command');
  await waitReady(`http://127.0.0.1:${twinPort}/readyz`, twin, 'device-twin');
  db = new pg.Client({ connectionString: infra.databaseUrl });
  await db.connect();
  log(`run ${infra.runId}: ${chargers} chargers × ${runs} runs, ${format}; logs ${logDir}`);

  for (let run = 1; run <= runs; run++) {
    const tenant = await api('POST', '/v1/tenants', adminKey, { name: `bulk-${run}` });
    const rows = rowsOf(run);
    const body = format === 'csv' ? csvOf(rows) : { chargers: rows };
    const loadBefore = load1();
    const cpu0 = cpuSecondsOf(pc.pid);
    const t0 = performance.now();
    const answer = await api(
      'POST',
      '/v1/chargers/bulk',
      tenant.body.apiKey,
      body,
      format === 'csv' ? 'text/csv' : 'application/json',
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSecondsOf(pc.pid) - cpu0;
    if (answer.status !== 200)
      throw new Error(`bulk registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const created = answer.body.results.filter((r) => r.status === 'created').length;
    if (created !== chargers)
      throw new Error(
        `only ${created} of ${chargers} created: ${JSON.stringify(answer.body.results.find((r) => r.status !== 'created'))}`,
      );
    let twinsAfter = null;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(200)) {
      if ((await twinsOf(tenant.body.tenantId)) === chargers) {
        twinsAfter = round((performance.now() - t0) / 1000, 2);
        break;
      }
    }
    const result = {
      run,
      chargers,
      format,
      seconds: round(seconds, 2),
      perSecond: Math.round(chargers / seconds),
      profileCommandCpuSeconds: round(cpu, 2),
      bodyBytes: (typeof body === 'string' ? body : JSON.stringify(body)).length,
      load1Before: loadBefore,
      load1After: load1(),
      allTwinsAfterSeconds: twinsAfter,
    };
    results.push(result);
    log(JSON.stringify(result));
    await sleep(3000);
  }
  const summary = {
    machine: machine(),
    chargers,
    format,
    runs: results,
    medianSeconds: median(results.map((r) => r.seconds)),
    medianPerSecond: median(results.map((r) => r.perSecond)),
  };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary, null, 2));
} finally {
  await cleanup();
}
