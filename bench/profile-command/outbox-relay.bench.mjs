// Outbox relay publish rate: `--events` events of `--streams` charger streams waiting in the outbox, drained to a real
// JetStream by 1 or 2 relays, each in a process of its own (as profile-command replicas run them), and nothing else
// running. Reports the wall time until the outbox is empty, events/s, and the CPU of the relays, nats-server and
// PostgreSQL over the drain: a relay using far less than a core while the outbox drains is paced by waiting (round
// trips, acks), not by its work. `--root DIR`: measure the build of another checkout (its dist/: migrations, store,
// relay), e.g. main's, against this one.
//
//   npm run build && node bench/profile-command/outbox-relay.bench.mjs [--events 20000] [--streams 5000]
//        [--relays 1,2] [--runs 3] [--root DIR] [--cpu-prof DIR] [--out bench/results/outbox-relay.json]
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { forkWorker, load1, machine, median, round, sleep } from '../lib/bench-utils.mjs';
import { platformFigures } from './platform-figures.mjs';

const { values } = parseArgs({
  options: {
    worker: { type: 'boolean', default: false },
    root: { type: 'string', default: fileURLToPath(new URL('../../', import.meta.url)) },
    events: { type: 'string', default: '20000' },
    streams: { type: 'string', default: '5000' },
    relays: { type: 'string', default: '1,2' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: fileURLToPath(new URL('../results/outbox-relay.json', import.meta.url)) },
    // Each relay process writes a V8 CPU profile into this directory when it stops (bench/lib/cpu-profile-summary.mjs).
    'cpu-prof': { type: 'string' },
  },
});
const lib = (name) => import(join(values.root, 'dist/node_modules/@chargeplane', name, 'index.js'));
const { createDataSource, eventStoreMigrations, migrate, OutboxRelay, PostgresEventStore } =
  await lib('platform-event-store');
const { NatsBus } = await lib('platform-messaging');
const { streams, subjects } = await lib('contracts-api');

if (values.worker) await relayWorker();
else await main();

/** One relay in this process: on `drain`, passes until the outbox is empty; answers with what it published. */
async function relayWorker() {
  const { DATABASE_URL, NATS_URL, NATS_PREFIX } = process.env;
  const db = createDataSource(DATABASE_URL, eventStoreMigrations);
  await db.initialize();
  const bus = await NatsBus.connect({ url: NATS_URL, name: 'relay-bench', prefix: NATS_PREFIX });
  const relay = new OutboxRelay(
    db,
    (subject, event, json) => bus.publishJson(subject, json, event.id).then(() => undefined),
    {
      databaseUrl: DATABASE_URL,
      maxPayloadBytes: () => bus.maxPayload,
      deadLetter: async (row) => {
        throw new Error(`dead-lettered: ${row.detail}`);
      },
    },
  );
  process.on('message', async (message) => {
    if (message.type === 'stop') {
      await bus.close();
      await db.destroy();
      process.exit(0);
    }
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let published = 0;
    let passes = 0;
    for (;;) {
      const n = await relay.drainOnce();
      published += n;
      passes++;
      // Another relay may hold what is left (its lock): look again shortly, as the next commit's NOTIFY would.
      if (n === 0) {
        const [{ left }] = await db.query(`SELECT count(*)::int AS left FROM outbox`);
        if (left === 0) break;
        await sleep(2);
      }
    }
    const cpu = process.cpuUsage(cpu0);
    process.send({
      id: message.id,
      published,
      passes,
      ms: performance.now() - t0,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  });
  process.send({ type: 'ready' });
}

async function main() {
  const { provideInfra } = await lib('platform-testing');
  const infra = await provideInfra({ postgres: true, nats: true });
  const db = createDataSource(infra.databaseUrl, eventStoreMigrations);
  await db.initialize();
  await migrate(db);
  const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
  const bus = await NatsBus.connect({ url: infra.natsUrl, name: 'relay-bench', prefix: infra.runId });
  await bus.ensureStreams([streams.chargerEvents]);
  const events = Number(values.events);
  const streamCount = Number(values.streams);
  const perStream = Math.ceil(events / streamCount);
  const results = {
    machine: machine(),
    root: values.root,
    events,
    streams: streamCount,
    runs: [],
  };
  let filled = 0;

  /** The outbox filled with new streams' events, `perStream` each, 250 streams a transaction. */
  async function fill() {
    const requests = Array.from({ length: streamCount }, (_, i) => {
      const chargerId = `relay-bench-${filled}-${i}`;
      return {
        streamId: `charger-${chargerId}`,
        expectedVersion: 0,
        events: Array.from({ length: perStream }, () => ({
          id: randomUUID(),
          type: 'ChargerBooted',
          schemaVersion: 1,
          tenantId: 'tenant-bench',
          chargerId,
          occurredAt: new Date().toISOString(),
          correlationId: randomUUID(),
          causationId: null,
          data: { vendor: 'myenergi', model: 'zappi', firmware: '5540' },
        })),
      };
    });
    filled++;
    for (let i = 0; i < requests.length; i += 250) await store.appendBatch(requests.slice(i, i + 250));
  }

  for (const relays of values.relays.split(',').map(Number)) {
    const env = { ...process.env, DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, NATS_PREFIX: infra.runId };
    const script = fileURLToPath(import.meta.url);
    const workers = await Promise.all(
      Array.from({ length: relays }, () =>
        forkWorker(script, ['--worker', '--root', values.root], {
          env,
          execArgv: values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [],
        }),
      ),
    );
    const named = new Map(workers.map((w, i) => [`relay#${i + 1}`, w]));
    const { cpuMeter } = platformFigures({ processes: () => named, bus: () => bus, db: () => null, streams: {} });
    for (let run = 1; run <= Number(values.runs); run++) {
      await fill();
      const loadBefore = load1();
      const meter = cpuMeter();
      const t0 = performance.now();
      const answers = await Promise.all(workers.map((w) => w.request({ type: 'drain' })));
      const seconds = (performance.now() - t0) / 1000;
      const published = answers.reduce((n, a) => n + a.published, 0);
      const row = {
        relays,
        run,
        published,
        seconds: round(seconds, 2),
        eventsPerSecond: round(published / seconds, 0),
        perRelay: answers.map((a) => ({
          published: a.published,
          passes: a.passes,
          seconds: round(a.ms / 1000, 2),
          cpuPercentOfOneCore: round((a.cpuMs / a.ms) * 100, 1),
        })),
        cpuPercent: meter(),
        loadAvg1: loadBefore,
        loadAvg1After: load1(),
      };
      results.runs.push(row);
      console.log(`[relay-bench] ${JSON.stringify(row)}`);
      if (published !== events && published !== perStream * streamCount)
        throw new Error(`published ${published} of ${perStream * streamCount}`);
    }
    for (const w of workers) w.child.send({ type: 'stop' });
    await Promise.all(workers.map((w) => w.exited));
  }
  results.summary = Object.fromEntries(
    values.relays.split(',').map((r) => {
      const rows = results.runs.filter((row) => row.relays === Number(r));
      return [`${r} relay(s)`, { eventsPerSecond: median(rows.map((row) => row.eventsPerSecond)) }];
    }),
  );
  console.log(JSON.stringify(results.summary, null, 2));
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify(results, null, 2));
  await bus.deleteStreams([streams.chargerEvents]);
  await bus.close();
  await db.destroy();
  await infra.stop();
}
