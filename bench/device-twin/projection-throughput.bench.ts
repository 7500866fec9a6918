// device-twin projection benchmark: the compiled device-twin (its own process, TWIN_BATCH_SIZE as configured)
// folds charger events from a fresh, run-prefixed CHARGER_EVENTS stream into the twins of a fresh schema.
// - backlog: every event is written to the event store and published first; then device-twin starts.
//   Events/s = events applied from the first applied one to the last.
// - push: device-twin runs; events are written and published at --rate per second, in 100 ms ticks (the
//   outbox relay's part is played by this process). Lag = applied − recordedAt, per event.
// "Applied" is when the event's twin.changed arrives here (published after the batch's commit).
// Usage: npm run build && node dist/bench/device-twin/projection-throughput.bench.js [--chargers 3000]
//        [--per-charger 10] [--tenants 10] [--runs 3] [--batch-sizes 1,200] [--rate 1500] [--modes backlog,push]
//        [--out bench/results/device-twin-projection.json]   (DATABASE_URL and NATS_URL as for the apps)
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { streams, subjects } from '@chargeplane/contracts-api';
import { NatsBus } from '@chargeplane/platform-messaging';
import type { DataSource } from 'typeorm';
import { env, runId } from '../kafka-bridge/bench-support.js';
import { root, startCompiledService, type RunningService } from '../lib/compiled-service.js';
import { AppliedWatch } from './applied-watch.js';
import { freshSchema } from './bench-schema.js';
import { fleetEventRows, insertFleetEvents, tenantOf, type FleetEventRow } from './fleet-events.js';
import { median, percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    chargers: { type: 'string', default: '3000' },
    'per-charger': { type: 'string', default: '10' },
    tenants: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    'batch-sizes': { type: 'string', default: '1,200' },
    rate: { type: 'string', default: '1500' },
    modes: { type: 'string', default: 'backlog,push' },
    out: { type: 'string', default: 'bench/results/device-twin-projection.json' },
  },
});
const chargers = Number(args.chargers);
const perCharger = Number(args['per-charger']);
const tenants = Number(args.tenants);
const runs = Number(args.runs);
const batchSizes = args['batch-sizes'].split(',').map(Number);
const rate = Number(args.rate);
const modes = args.modes.split(',') as Mode[];

type Mode = 'backlog' | 'push';
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const load1 = () => round(loadavg()[0]!, 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes rows to the event store (one statement) and publishes them as stored, awaiting JetStream's acks. */
async function writeAndPublish(db: DataSource, bus: NatsBus, watch: AppliedWatch, rows: readonly FleetEventRow[]) {
  const events = await insertFleetEvents(db, rows);
  watch.published(events);
  await Promise.all(events.map((e) => bus.publish(subjects.chargerEvents(e.chargerId), e, e.id)));
}

const startTwin = (databaseUrl: string, prefix: string, batchSize: number) =>
  startCompiledService('device-twin', 'dist/apps/device-twin/src/main.js', (metricsPort) => ({
    DATABASE_URL: databaseUrl,
    NATS_URL: env.natsUrl,
    NATS_PREFIX: prefix,
    TWIN_BATCH_SIZE: String(batchSize),
    TWIN_METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'warn',
  }));

async function oneRun(mode: Mode, batchSize: number, run: number) {
  const prefix = runId();
  const schema = await freshSchema(env.databaseUrl, prefix);
  const bus = await NatsBus.connect({ url: env.natsUrl, name: 'bench-twin-projection', prefix });
  await bus.ensureStreams([streams.chargerEvents]);
  const watch = new AppliedWatch(
    bus,
    Array.from({ length: tenants }, (_, i) => tenantOf(i, tenants)),
  );
  await bus.nc.flush();
  const rows = [...fleetEventRows(chargers, perCharger, tenants)];
  const loadAtStart = load1();
  let twin: RunningService | undefined;
  try {
    let cpuAtStart: number;
    let push: { seconds: number; maxBehind: number } | null = null;
    if (mode === 'backlog') {
      for (let i = 0; i < rows.length; i += 2000) await writeAndPublish(schema.db, bus, watch, rows.slice(i, i + 2000));
      twin = await startTwin(schema.url, prefix, batchSize);
      cpuAtStart = twin.cpuSeconds();
    } else {
      twin = await startTwin(schema.url, prefix, batchSize);
      cpuAtStart = twin.cpuSeconds();
      push = await pushAtRate(schema.db, bus, watch, rows);
    }
    await watch.untilApplied();
    const cpu = twin.cpuSeconds() - cpuAtStart;
    const [{ caught }] = (await schema.db.query(`SELECT count(*)::int AS caught FROM twins WHERE version = $1`, [
      perCharger,
    ])) as [{ caught: number }];
    if (caught !== chargers) throw new Error(`${caught} of ${chargers} twins reached version ${perCharger}`);
    const seconds = (watch.last - watch.first) / 1000;
    const lags = watch.lagsMs();
    return {
      mode,
      batchSize,
      run,
      events: rows.length,
      loadAverage: { start: loadAtStart, end: load1() },
      // The first applied event starts the clock: the events counted are the ones after it.
      eventsPerSecond: Math.round((rows.length - 1) / seconds),
      appliedSeconds: round(seconds, 2),
      twinCpuMsPerEvent: round((cpu * 1000) / rows.length, 3),
      ...(push && {
        pushRatePerSecond: Math.round(rows.length / push.seconds),
        maxBehind: push.maxBehind,
        lagMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: Math.max(...lags) },
      }),
    };
  } finally {
    await twin?.stop();
    watch.stop();
    await bus.deleteStreams([streams.chargerEvents]);
    await bus.close();
    await schema.drop();
  }
}

/** Writes and publishes `rate / 10` events every 100 ms; returns how long that took and the largest backlog seen. */
async function pushAtRate(db: DataSource, bus: NatsBus, watch: AppliedWatch, rows: readonly FleetEventRow[]) {
  const perTick = Math.max(1, Math.round(rate / 10));
  const started = Date.now();
  let maxBehind = 0;
  for (let i = 0, tick = 0; i < rows.length; i += perTick, tick++) {
    const wait = started + tick * 100 - Date.now();
    if (wait > 0) await sleep(wait);
    maxBehind = Math.max(maxBehind, i - watch.applied);
    await writeAndPublish(db, bus, watch, rows.slice(i, i + perTick));
  }
  return { seconds: (Date.now() - started) / 1000, maxBehind };
}

async function main(): Promise<void> {
  const results: Awaited<ReturnType<typeof oneRun>>[] = [];
  const startedAt = new Date().toISOString();
  // Batch sizes alternate within each round, so a change in the machine's load hits every size alike.
  for (const mode of modes)
    for (let run = 1; run <= runs; run++)
      for (const batchSize of batchSizes) {
        const r = await oneRun(mode, batchSize, run);
        results.push(r);
        console.log(JSON.stringify(r));
      }
  const summary = modes.flatMap((mode) =>
    batchSizes.map((batchSize) => {
      const of = results.filter((r) => r.mode === mode && r.batchSize === batchSize);
      return {
        mode,
        batchSize,
        medianEventsPerSecond: median(of.map((r) => r.eventsPerSecond)),
        medianLagP99Ms: mode === 'push' ? median(of.map((r) => r.lagMs?.p99 ?? Number.NaN)) : null,
        loadAverages: of.map((r) => `${r.loadAverage.start}–${r.loadAverage.end}`),
      };
    }),
  );
  console.table(summary);
  const report = {
    benchmark: 'device-twin projection: CHARGER_EVENTS → twins, batch sizes compared',
    notes: [
      'backlog: all events stored and published before device-twin starts; eventsPerSecond = events applied after the first one ÷ time from the first to the last.',
      'push: device-twin running; events stored and published at pushRatePerSecond in 100 ms ticks; lagMs = arrival of the event’s twin.changed − its recordedAt; maxBehind = published − applied, sampled each tick.',
      'twinCpuMsPerEvent: CPU of the device-twin process only (PostgreSQL and NATS not included); loadAverage: 1-minute load at the start and end of the run (other sessions shared the 2 cores).',
    ],
    startedAt,
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?' },
    settings: { chargers, perCharger, tenants, runs, batchSizes, pushRatePerSecond: rate },
    results,
    summary,
  };
  writeFileSync(resolve(root, args.out), JSON.stringify(report, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
