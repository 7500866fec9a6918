// Event store appends on their own: the group commit's batch (`appendBatch`, `--batch` streams of one event each, as a
// burst of charger answers gives profile-command) and a lone append (one stream, one event: the single command's
// path), in a fresh schema of the real PostgreSQL with nothing else running. Reports per batch / per append wall time
// (p50, p90) and the CPU of this process and of its PostgreSQL backend per appended event. `--root DIR`: measure the
// build of another checkout (its dist/), e.g. main's in a worktree, against this one; run them alternately.
//
//   npm run build && node bench/profile-command/event-store-append.bench.mjs [--streams 2000] [--batch 250]
//        [--rounds 6] [--lone 300] [--runs 3] [--root DIR] [--out bench/results/event-store-append.json]
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSecondsOf, load1, machine, median, percentile, round } from '../lib/bench-utils.mjs';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: fileURLToPath(new URL('../../', import.meta.url)) },
    streams: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '250' },
    rounds: { type: 'string', default: '6' },
    lone: { type: 'string', default: '300' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: fileURLToPath(new URL('../results/event-store-append.json', import.meta.url)) },
  },
});
const lib = (name) => import(join(values.root, 'dist/node_modules/@chargeplane', name, 'index.js'));
const { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } = await lib('platform-event-store');
const { provideInfra } = await lib('platform-testing');
const [streams, batch, rounds, lone, runs] = ['streams', 'batch', 'rounds', 'lone', 'runs'].map((k) =>
  Number(values[k]),
);
if (![streams, batch, rounds, lone, runs].every((n) => Number.isInteger(n) && n > 0) || streams % batch !== 0)
  throw new Error(
    '--streams, --batch, --rounds, --lone and --runs are positive integers; --streams a multiple of --batch',
  );

/** A charger answer as profile-command appends it (a profile's worth of data). */
const anEvent = (chargerId) => ({
  id: randomUUID(),
  type: 'ChargingProfileAccepted',
  schemaVersion: 1,
  tenantId: 'bench',
  chargerId,
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: null,
  data: { chargingProfileId: 7, connectorId: 1, note: 'x'.repeat(200), periods: [0, 900, 1800] },
});

async function oneRun(run) {
  const infra = await provideInfra({ postgres: true, nats: false });
  const db = createDataSource(infra.databaseUrl, eventStoreMigrations, 1);
  await db.initialize();
  try {
    await migrate(db);
    const store = new PostgresEventStore(db, (e) => `events.charger.${e.chargerId}`);
    const versions = new Array(streams).fill(0);
    const requestsOf = (from, count) =>
      Array.from({ length: batch }, (_, k) => {
        const i = from + k;
        const request = {
          streamId: `charger-B${i}`,
          expectedVersion: versions[i],
          events: Array.from({ length: count }, () => anEvent(`B${i}`)),
        };
        versions[i] += count;
        return request;
      });
    // Set-up (not timed): three events per stream, then the table vacuumed and analysed as autovacuum would.
    for (let i = 0; i < streams; i += batch) await store.appendBatch(requestsOf(i, 3));
    await db.query('DELETE FROM outbox');
    await db.query('VACUUM (ANALYZE) events, outbox');
    const [{ pid }] = await db.query('SELECT pg_backend_pid() AS pid');
    const cpuOf = () => ({ pg: cpuSecondsOf(pid), node: process.cpuUsage() });
    const perEvent = (before, events) => ({
      postgresCpuMsPerEvent: round(((cpuSecondsOf(pid) - before.pg) * 1000) / events, 4),
      nodeCpuMsPerEvent: round(
        (process.cpuUsage(before.node).user + process.cpuUsage(before.node).system) / 1000 / events,
        4,
      ),
    });

    const batchMs = [];
    const load = load1();
    let before = cpuOf();
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < streams; i += batch) {
        const requests = requestsOf(i, 1);
        const t = performance.now();
        await store.appendBatch(requests);
        batchMs.push(performance.now() - t);
      }
    const batches = { p50Ms: round(percentile(batchMs, 50), 2), p90Ms: round(percentile(batchMs, 90), 2) };
    Object.assign(batches, perEvent(before, batchMs.length * batch));

    const loneMs = [];
    before = cpuOf();
    for (let k = 0; k < lone; k++) {
      const i = k % streams;
      const request = { streamId: `charger-B${i}`, expectedVersion: versions[i], events: [anEvent(`B${i}`)] };
      versions[i] += 1;
      const t = performance.now();
      await store.appendBatch([request]);
      loneMs.push(performance.now() - t);
    }
    const alone = { p50Ms: round(percentile(loneMs, 50), 2), p90Ms: round(percentile(loneMs, 90), 2) };
    Object.assign(alone, perEvent(before, lone));
    const result = { run, load1Before: load, load1After: load1(), batch: batches, lone: alone };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await db.destroy();
    await infra.stop();
  }
}

const results = [];
for (let run = 1; run <= runs; run++) results.push(await oneRun(run));
const medians = {
  batchP50Ms: median(results.map((r) => r.batch.p50Ms)),
  batchPostgresCpuMsPerEvent: median(results.map((r) => r.batch.postgresCpuMsPerEvent)),
  batchNodeCpuMsPerEvent: median(results.map((r) => r.batch.nodeCpuMsPerEvent)),
  loneP50Ms: median(results.map((r) => r.lone.p50Ms)),
};
console.log(JSON.stringify({ medians }));
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(
  values.out,
  `${JSON.stringify({ benchmark: 'event-store-append', at: new Date().toISOString(), machine: machine(), root: values.root, params: { streams, batch, rounds, lone }, results, medians }, null, 2)}\n`,
);
