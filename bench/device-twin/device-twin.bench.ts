// device-twin benchmark: rebuild speed from the event store, and query latency (twin.get, a filtered fleet page).
// Usage: npm run build && node dist/bench/device-twin/device-twin.bench.js [--chargers 10000] [--per-charger 20]
//        [--tenants 10] [--runs 3] [--requests 2000]   (DATABASE_URL and NATS_URL as for the apps)
import { subjects, Twin, TwinPage } from '@chargeplane/contracts-api';
import { PostgresEventStore } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { serveTwinQueries, TwinRebuild, TwinRepository, type EventLog } from '@chargeplane/twin-adapters';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { freshSchema } from './bench-schema.js';
import { chargerIdOf, generateFleetEvents, seeded, tenantOf } from './fleet-events.js';
import { median, ms, percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    chargers: { type: 'string', default: '10000' },
    'per-charger': { type: 'string', default: '20' },
    tenants: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    requests: { type: 'string', default: '2000' },
  },
});
const chargers = Number(args.chargers);
const perCharger = Number(args['per-charger']);
const tenants = Number(args.tenants);
const runs = Number(args.runs);
const requests = Number(args.requests);
const baseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/chargeplane';
const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function rebuildRuns(log: EventLog, db: DataSource) {
  const rates: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const cpu = process.cpuUsage();
    const [result, took] = await timed(() =>
      new TwinRebuild(db, log, { readBatch: 5000, writeBatch: 1000, lockTimeoutMs: 10_000 }).run(),
    );
    const used = process.cpuUsage(cpu);
    const rate = result.events / (took / 1000);
    rates.push(rate);
    // Events per CPU-second of this process: less sensitive to other load on the machine than wall time.
    const perCpuSecond = result.events / ((used.user + used.system) / 1e6);
    console.log(
      `rebuild run ${run}: ${result.events} events, ${result.chargers} twins in ${(took / 1000).toFixed(2)} s = ${Math.round(rate)} events/s ` +
        `(read+fold ${result.readSeconds.toFixed(2)} s, write ${result.writeSeconds.toFixed(2)} s, swap ${(result.swapSeconds * 1000).toFixed(0)} ms; ` +
        `${Math.round(perCpuSecond)} events per CPU-second of the rebuild process; load average ${loadavg()[0]!.toFixed(1)})`,
    );
  }
  console.log(`rebuild: median ${Math.round(median(rates))} events/s over ${runs} runs`);
}

async function queryRuns(client: NatsBus) {
  const random = seeded(42);
  const pick = () => Math.floor(random() * chargers);
  for (let i = 0; i < 200; i++)
    await client.request(subjects.twinGet, { tenantId: tenantOf(i, tenants), chargerId: chargerIdOf(i) }, Twin);
  for (let run = 1; run <= runs; run++) {
    const one: number[] = [];
    const page: number[] = [];
    for (let r = 0; r < requests; r++) {
      const i = pick();
      one.push(
        (
          await timed(() =>
            client.request(subjects.twinGet, { tenantId: tenantOf(i, tenants), chargerId: chargerIdOf(i) }, Twin),
          )
        )[1],
      );
    }
    for (let r = 0; r < requests; r++) {
      const q = { tenantId: tenantOf(pick(), tenants), connected: true, tag: 'south', limit: 100 };
      const [answer, took] = await timed(() => client.request(subjects.twinList, q, TwinPage));
      if (answer.items.length !== 100) throw new Error(`a filtered page held ${answer.items.length} twins, not 100`);
      page.push(took);
    }
    console.log(
      `twin.get run ${run}: p50 ${ms(percentile(one, 50))}, p99 ${ms(percentile(one, 99))} over ${requests} requests`,
    );
    console.log(
      `twin.list (connected, tag, 100 per page) run ${run}: p50 ${ms(percentile(page, 50))}, p99 ${ms(percentile(page, 99))} over ${requests} requests`,
    );
  }
}

async function main(): Promise<void> {
  const { name, db, drop } = await freshSchema(baseUrl, `bench_twin_${Date.now().toString(36)}`);
  const server = await NatsBus.connect({ url: natsUrl, name: 'bench-twin-server', prefix: name });
  const client = await NatsBus.connect({ url: natsUrl, name: 'bench-twin-client', prefix: name });
  try {
    const [count, took] = await timed(() => generateFleetEvents(db, chargers, perCharger, tenants));
    await db.query('ANALYZE events');
    console.log(
      `generated ${count} events for ${chargers} chargers (${tenants} tenants) in ${(took / 1000).toFixed(1)} s`,
    );
    const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    // Counts the per-charger stream reads a rebuild needs besides the log (gaps, a log that ends early).
    let streamReads = 0;
    const log: EventLog = {
      readAll: (c, l) => store.readAll(c, l),
      readStream: (id, from) => ((streamReads += 1), store.readStream(id, from)),
    };
    await rebuildRuns(log, db);
    console.log(`per-charger stream reads besides the log: ${streamReads / runs} per rebuild`);
    serveTwinQueries(server, new TwinRepository(db), () => Date.parse('2026-11-25T12:00:00Z'));
    await server.nc.flush();
    await queryRuns(client);
  } finally {
    await client.close();
    await server.close();
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
