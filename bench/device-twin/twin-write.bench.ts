// The live twin write (`TwinRepository.saveIfUnchanged`, device-twin's one statement per batch) on full pages against
// pages with room for updates (runbook, "Room on the page"). Each run: a fresh schema migrated as device-twin is, then
// either the table as migrated (fillfactor 50) or set back to full pages (fillfactor 100); N twins of about a zappi's
// size written, vacuumed, then every twin written again `rounds` times in batches, one statement per batch, one at a
// time. Reports per statement p50/p90, the CPU per twin written (PostgreSQL's and this process's), heap-only updates
// among all, and the table's size at the end.
// Usage: npm run build && node dist/bench/device-twin/twin-write.bench.js [--twins 10000] [--batch 200]
//        [--rounds 18] [--runs 2] [--out FILE]   (DATABASE_URL as for the apps; nothing else runs against the schema)
import { TwinRepository } from '@chargeplane/twin-adapters';
import { emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { freshSchema } from './bench-schema.js';
import { median, percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    twins: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '18' },
    runs: { type: 'string', default: '2' },
    out: { type: 'string' },
  },
});
const twins = Number(args.twins);
const batch = Number(args.batch);
const rounds = Number(args.rounds);
const runs = Number(args.runs);
const baseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/chargeplane';

/** A twin of about a zappi's size once its configuration is read (~1.7 KB of JSON that does not compress away). */
const twinAt = (chargerId: string, version: number, noise: readonly string[]): TwinDoc => ({
  ...emptyTwin(chargerId),
  tenantId: 'tenant-bench',
  model: 'zappi',
  tags: ['up-to-10000'],
  configuration: Object.fromEntries(noise.map((value, i) => [`Key${i}`, `${value}${version % 10}`])),
  version,
});

// Every PostgreSQL backend's CPU (the shared bench helpers, next to the sources: this file runs from dist/bench).
const { cpuSecondsOf, pidsOf } = (await import(
  new URL('../../../bench/lib/bench-utils.mjs', import.meta.url).href
)) as {
  cpuSecondsOf: (pid: number) => number | null;
  pidsOf: (name: string) => number[];
};
const postgresCpuSeconds = () => pidsOf('postgres').reduce((sum, pid) => sum + (cpuSecondsOf(pid) ?? 0), 0);

const ids = Array.from({ length: twins }, (_, i) => `TW-${String(i).padStart(6, '0')}`);
const noiseOf = new Map(ids.map((id) => [id, Array.from({ length: 24 }, () => randomBytes(16).toString('hex'))]));

async function oneRun(variant: 'full pages' | 'room', run: number) {
  const schema = await freshSchema(baseUrl, `bench_twin_write_${process.pid}_${run}_${variant === 'room' ? 'r' : 'f'}`);
  try {
    const { db } = schema;
    if (variant === 'full pages') await db.query(`ALTER TABLE twins SET (fillfactor = 100)`);
    const repo = new TwinRepository(db);
    for (let i = 0; i < ids.length; i += batch)
      await repo.saveIfUnchanged(
        ids.slice(i, i + batch).map((id) => twinAt(id, 1, noiseOf.get(id)!)),
        new Map(),
      );
    await db.query(`VACUUM ANALYZE twins`);
    const statementMs: number[] = [];
    const started = performance.now();
    const postgresBefore = postgresCpuSeconds();
    const nodeBefore = process.cpuUsage();
    for (let version = 2; version <= rounds + 1; version++)
      for (let i = 0; i < ids.length; i += batch) {
        const slice = ids.slice(i, i + batch);
        const t = performance.now();
        const written = await repo.saveIfUnchanged(
          slice.map((id) => twinAt(id, version, noiseOf.get(id)!)),
          new Map(slice.map((id) => [id, version - 1])),
        );
        statementMs.push(performance.now() - t);
        if (written.size !== slice.length) throw new Error(`only ${written.size} of ${slice.length} twins written`);
      }
    const seconds = (performance.now() - started) / 1000;
    const postgresCpu = postgresCpuSeconds() - postgresBefore;
    const nodeCpu = process.cpuUsage(nodeBefore);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the backends' statistics are flushed within a second
    const [stats] = (await db.query(
      `SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot, pg_total_relation_size('twins')::bigint AS bytes
         FROM pg_stat_user_tables WHERE relid = 'twins'::regclass`,
    )) as { updated: number; hot: number; bytes: string }[];
    return {
      variant,
      run,
      statements: statementMs.length,
      seconds: Math.round(seconds * 100) / 100,
      statementMs: {
        p50: Math.round(median(statementMs) * 100) / 100,
        p90: Math.round(percentile(statementMs, 90) * 100) / 100,
      },
      // CPU per twin written: every PostgreSQL backend of the machine (nothing else should run), and this process.
      postgresCpuUsPerTwin: Math.round((postgresCpu * 1e6) / (statementMs.length * batch)),
      nodeCpuUsPerTwin: Math.round((nodeCpu.user + nodeCpu.system) / (statementMs.length * batch)),
      heapOnlyPercent: Math.round((1000 * stats!.hot) / Math.max(1, stats!.updated)) / 10,
      tableMb: Math.round(Number(stats!.bytes) / 1048576),
      loadAvg1: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    await schema.drop();
  }
}

const results = [];
for (let run = 1; run <= runs; run++)
  for (const variant of ['full pages', 'room'] as const) {
    const result = await oneRun(variant, run);
    console.log(JSON.stringify(result));
    results.push(result);
  }
if (args.out)
  writeFileSync(args.out, JSON.stringify({ benchmark: 'twin-write', twins, batch, rounds, results }, null, 2) + '\n');
