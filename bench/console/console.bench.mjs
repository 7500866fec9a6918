// Operator console benchmark, in Debian's Chromium (playwright-core) against the whole platform (startPlatform on a
// fresh schema, NATS prefix and Kafka topic prefix). N offline chargers (one registered through the API, the rest
// copies of its rows: see below; their twins are what the console reads), then:
//
//   first page  the fleet page opened with a signed-in key (sessionStorage set before load): time from navigation
//               start until the first page of the table (50 rows) is on screen, and until the fleet counts are;
//               `--loads` times (the first load warms the server's file cache).
//   push        with the fleet page open and following the live stream, POST a bulk assignment to all N (each
//               charger's twin changes: N changes streamed by server-sent events); PerformanceObserver('longtask')
//               records every main-thread task over 50 ms until the page has applied all N changes.
//
//   npm run build && node bench/console/console.bench.mjs [--chargers 10000] [--loads 5]
//        [--first-page-only] [--out bench/results/console.json]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { dist, freePort, load1, machine, median, root, round, waitUntil } from '../lib/bench-utils.mjs';

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '10000' },
    loads: { type: 'string', default: '5' },
    out: { type: 'string', default: join(root, 'bench/results/console.json') },
    'first-page-only': { type: 'boolean', default: false },
  },
});
const N = Number(values.chargers);
const loads = Number(values.loads);
const log = (line) => process.stderr.write(`[console-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const { provideInfra, startPlatform } = await import(dist('node_modules/@chargeplane/platform-testing/index.js'));
const infra = await provideInfra({ postgres: true, nats: true, kafka: true });
const adminKey = `bench-admin-${randomBytes(12).toString('hex')}`;
const [apiPort, edgePort, m1, m2, m3, m4] = await Promise.all(Array.from({ length: 6 }, freePort));
let platform;
let browser;
const result = { benchmark: 'console', at: new Date().toISOString(), machine: machine(), params: { N, loads } };

async function api(method, path, key, body) {
  const res = await fetch(`${platform.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

// Installed before the console's own scripts: every long task of the page, from its start.
const observeLongTasks = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

try {
  platform = await startPlatform({
    root,
    natsUrl: infra.natsUrl,
    natsPrefix: infra.runId,
    databaseUrl: infra.databaseUrl,
    kafkaBrokers: infra.kafkaBrokers.join(','),
    kafkaTopicPrefix: `${infra.runId}.`,
    apiPort,
    edgePort,
    metricsPorts: { edge: m1, twin: m2, bridge: m3, compliance: m4 },
    adminKey,
    logDir: join(root, '.local/bench-logs', infra.runId),
  });
  const { body: tenant } = await api('POST', '/v1/tenants', adminKey, { name: 'console-bench' });
  const key = tenant.apiKey;
  // One charger through the API (one scrypt hash, its events, its twin); the others are copies of its rows with the
  // id replaced (events, directory, twin), so a 10,000-charger fleet takes seconds instead of 10,000 scrypt hashes.
  const seed = 'BENCH-000001';
  const r = await api('POST', '/v1/chargers', key, { chargerId: seed, model: 'zappi', tags: ['bench'] });
  if (r.status !== 201) throw new Error(`${seed}: ${r.status} ${JSON.stringify(r.body)}`);
  await waitUntil(async () => (await api('GET', `/v1/chargers/${seed}`, key)).status === 200, {
    timeoutMs: 120_000,
    what: 'the seed twin',
  });
  const t0 = performance.now();
  const db = new pg.Pool({ connectionString: infra.databaseUrl, max: 1 });
  try {
    for (let from = 2; from <= N; from += 2000) {
      const to = Math.min(N, from + 1999);
      const ids = `(SELECT 'BENCH-' || lpad(g::text, 6, '0') AS id FROM generate_series(${from}, ${to}) g)`;
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
         SELECT gen_random_uuid(), replace(e.stream_id, $1, x.id), e.stream_version, e.type, e.schema_version,
                replace(e.data::text, $1, x.id)::jsonb, replace(e.metadata::text, $1, x.id)::jsonb, e.occurred_at
           FROM events e, ${ids} x WHERE e.stream_id LIKE '%' || $1`,
        [seed],
      );
      await db.query(
        `INSERT INTO chargers (charger_id, tenant_id, model, credentials_hash, tags)
         SELECT x.id, c.tenant_id, c.model, c.credentials_hash, c.tags FROM chargers c, ${ids} x WHERE c.charger_id = $1`,
        [seed],
      );
      await db.query(
        `INSERT INTO twins (charger_id, tenant_id, tags, version, connected, out_of_sync, slots_used,
                            budget_exhausted_until, doc, model, sync_counts)
         SELECT x.id, t.tenant_id, t.tags, t.version, t.connected, t.out_of_sync, t.slots_used,
                t.budget_exhausted_until, replace(t.doc::text, $1, x.id)::jsonb, t.model, t.sync_counts
           FROM twins t, ${ids} x WHERE t.charger_id = $1`,
        [seed],
      );
      await db.query('COMMIT');
    }
  } finally {
    await db.end();
  }
  result.registration = {
    seconds: round((performance.now() - t0) / 1000),
    method: 'seed charger via the API, rows copied in SQL',
    load1: load1(),
  };
  await waitUntil(async () => (await api('GET', '/v1/fleet/summary', key)).body.total === N, {
    timeoutMs: 600_000,
    everyMs: 1000,
    what: `${N} twins`,
  });
  log(`registered in ${result.registration.seconds} s; twins projected`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.addInitScript(
    ([session]) => sessionStorage.setItem('chargeplane.console.session', session),
    [JSON.stringify({ key, role: 'tenant' })],
  );
  await context.addInitScript(observeLongTasks);
  const page = await context.newPage();
  const firstPage = [];
  for (let i = 0; i < loads; i++) {
    const before = load1();
    // From a blank page each time: a goto to the URL already shown (the same hash) would only be a fragment
    // navigation of the same document, not a load, and performance.now() would keep counting from the first load.
    await page.goto('about:blank');
    await page.goto(`${platform.apiUrl}/console/#/fleet`);
    // The table's first page (the target), then the fleet counts (a count over every twin) as a figure of its own.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=fleet-table] tbody tr').length === 50,
      null,
      {
        polling: 'raf',
        timeout: 60_000,
      },
    );
    const tableMs = round(await page.evaluate(() => performance.now()));
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="count-Chargers"]')?.textContent === String(n),
      N,
      { polling: 'raf', timeout: 60_000 },
    );
    const countsMs = round(await page.evaluate(() => performance.now()));
    // Where the time went: the script's arrival and each API call's start and end (ms from navigation start).
    const resources = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => ({
        name: new URL(e.name).pathname,
        start: Math.round(e.startTime),
        end: Math.round(e.responseEnd),
      })),
    );
    firstPage.push({ ms: tableMs, countsMs, load1: before, resources });
  }
  result.firstPage = {
    runs: firstPage.map(({ resources: _resources, ...run }) => run),
    lastLoadResources: firstPage.at(-1).resources,
    medianMs: median(firstPage.map((r) => r.ms)),
    maxMs: Math.max(...firstPage.map((r) => r.ms)),
    countsMedianMs: median(firstPage.map((r) => r.countsMs)),
  };
  log(`first page: ${JSON.stringify(result.firstPage.runs)}`);
  if (values['first-page-only']) {
    log(JSON.stringify(result.firstPage.lastLoadResources));
    process.exitCode = 0;
  } else await push(page, key);
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${values.out}`);
} finally {
  await browser?.close().catch(() => undefined);
  await platform?.stop().catch(() => undefined);
  await infra.stop();
}

/** The push: the fleet page open, following the stream; long tasks counted from the POST on. */
async function push(page, key) {
  // The page opens its live stream once its first page is painted: the push starts when it follows the stream.
  await page.waitForFunction(
    () => /Live: live/.test(document.querySelector('[data-testid=live-status]')?.textContent ?? ''),
    null,
    { polling: 100, timeout: 60_000 },
  );
  await page.evaluate(() => (window.__longTasks = []));
  const loadBefore = load1();
  const profile = {
    connectorId: 1,
    chargingProfile: {
      chargingProfileId: 500,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: new Date().toISOString(),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
      },
    },
  };
  const t1 = performance.now();
  const assignment = await api('POST', '/v1/charging-profile-assignments', key, { tag: 'bench', ...profile });
  if (assignment.status !== 202) throw new Error(`assignment: ${assignment.status} ${JSON.stringify(assignment.body)}`);
  await page.waitForFunction(
    (n) =>
      Number(
        /(\d+) changes applied/.exec(document.querySelector('[data-testid=live-status]')?.textContent ?? '')?.[1] ?? 0,
      ) >= n,
    N,
    { polling: 500, timeout: 900_000 },
  );
  const streamedS = round((performance.now() - t1) / 1000);
  const tasks = await page.evaluate(() => window.__longTasks);
  const durations = tasks.map((t) => t.duration);
  result.push = {
    chargers: N,
    streamedS,
    load1Before: loadBefore,
    load1After: load1(),
    longTasks: durations.length,
    longTasksOver200ms: durations.filter((d) => d > 200).length,
    maxLongTaskMs: round(durations.length ? Math.max(...durations) : 0),
  };
  log(`push: ${JSON.stringify(result.push)}`);
}
