import { randomUUID } from 'node:crypto';
import { streams, subjects, topics } from '@chargeplane/contracts-api';
import { chargerStreamId, type NewEvent } from '@chargeplane/contracts-events';
import {
  createDataSource,
  eventStoreMigrations,
  migrate,
  OutboxRelay,
  PostgresEventStore,
} from '@chargeplane/platform-event-store';
import { KafkaPublisher, NatsBus } from '@chargeplane/platform-messaging';
import { clientConnectionOptions, tailTopics, type TopicTail } from '@chargeplane/platform-kafka';
import { Admin } from '@platformatic/kafka';
import pg from 'pg';
import { env, median, percentile, round, runId, startBridge } from './bench-support.js';

// End-to-end latency: an event appended to the PostgreSQL store (from the append call, commit included) until its
// record is read from Kafka, through the outbox relay, JetStream and the compiled bridge, at a steady rate.
// Usage: node dist/bench/kafka-bridge/latency.main.js [runs] [events/s] [seconds]

const CHARGERS = 50;

const event = (chargerId: string, n: number): NewEvent => ({
  id: randomUUID(),
  type: 'ChargingProfileRemovalDesired',
  schemaVersion: 1,
  tenantId: 'tenant-bench',
  chargerId,
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: null,
  data: { chargingProfileId: n },
});

async function withSchema(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: env.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${prefix}"`);
  await admin.end();
  const url = new URL(env.databaseUrl);
  url.searchParams.set('options', `-c search_path=${prefix}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: env.databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA "${prefix}" CASCADE`);
      await c.end();
    },
  };
}

async function oneRun(rate: number, seconds: number): Promise<number[]> {
  const prefix = runId();
  const schema = await withSchema(prefix);
  const db = createDataSource(schema.url, eventStoreMigrations, 4);
  await db.initialize();
  await migrate(db);
  const bus = await NatsBus.connect({ url: env.natsUrl, name: 'bench-latency', prefix });
  await bus.ensureStreams([streams.chargerEvents, streams.ocppIn, streams.complianceEvents]);
  const publisher = new KafkaPublisher(env.kafkaBrokers, 'bench-latency');
  await publisher.connect();
  const topic = `${prefix}.${topics.chargerEvents}`;
  await publisher.ensureTopics(
    Object.values(topics).map((t) => ({ topic: `${prefix}.${t}`, partitions: 6, replicationFactor: 1 })),
  );
  const relay = new OutboxRelay(db, async (subject, e, json) => void (await bus.publishJson(subject, json, e.id)), {
    databaseUrl: schema.url,
    maxPayloadBytes: () => bus.maxPayload,
    // The bench appends small events only; one that could not be published would be a defect of the bench.
    deadLetter: async (row) => {
      throw new Error(`bench event ${row.outboxId} cannot be published: ${row.detail}`);
    },
  });
  await relay.start();
  const bridge = await startBridge(prefix, 500);
  const committedAt = new Map<string, number>();
  const receivedAt = new Map<string, number>();
  const connection = { brokers: env.kafkaBrokers, clientId: 'bench-latency' };
  // Kept by id (a duplicate keeps its first arrival); latencies are computed at the end.
  const reader: TopicTail = await tailTopics(
    connection,
    [topic],
    (record) => {
      const id = record.headers['eventId'] ?? '';
      if (!receivedAt.has(id)) receivedAt.set(id, performance.now());
    },
    { groupPrefix: `${prefix}-reader`, maxWaitTimeMs: 10 },
  );
  try {
    await new Promise((r) => setTimeout(r, 3000)); // group joined, partitions assigned
    const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    const versions = new Map<string, number>();
    const total = rate * seconds;
    const started = performance.now();
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const chargerId = `LAT-${n % CHARGERS}`;
      const version = versions.get(chargerId) ?? 0;
      const e = event(chargerId, n);
      // From the append call: the commit itself is part of the measured path (and no arrival can beat it).
      const appending = performance.now();
      await store.append(chargerStreamId(chargerId), version, [e]);
      committedAt.set(e.id, appending);
      versions.set(chargerId, version + 1);
    }
    const deadline = Date.now() + 60_000;
    const arrived = () => [...committedAt.keys()].filter((id) => receivedAt.has(id)).length;
    while (arrived() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (arrived() < total) {
      const missing = [...committedAt.keys()].filter((id) => !receivedAt.has(id));
      throw new Error(
        `${missing.length} of ${total} events did not reach Kafka within 60 s: ${missing.slice(0, 5).join(', ')}`,
      );
    }
    if (process.env['BENCH_DEBUG']) {
      // Where the time goes: the bridge's own histogram (stored in JetStream → acknowledged by Kafka) and batch sizes.
      const text = await (await fetch(`http://127.0.0.1:${bridge.metricsPort}/metrics`)).text();
      console.log(
        text
          .split('\n')
          .filter(
            (l) => /pipeline="charger-events"/.test(l) && /publish_latency_seconds|batch_records_(sum|count)/.test(l),
          )
          .join('\n'),
      );
    }
    return [...committedAt].map(([id, at]) => receivedAt.get(id)! - at);
  } finally {
    await reader.stop();
    await bridge.stop();
    const admin = new Admin(clientConnectionOptions(connection));
    await admin.deleteTopics({ topics: Object.values(topics).map((t) => `${prefix}.${t}`) }).catch(() => undefined);
    await admin.close();
    await relay.stop();
    await publisher.disconnect();
    await bus.deleteStreams([streams.chargerEvents, streams.ocppIn, streams.complianceEvents]);
    await bus.close();
    await db.destroy();
    await schema.drop();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const rate = Number(process.argv[3] ?? 200);
  const seconds = Number(process.argv[4] ?? 15);
  const perRun: { p50: number; p99: number; max: number }[] = [];
  for (let r = 0; r < runs; r++) {
    const sorted = (await oneRun(rate, seconds)).sort((a, b) => a - b);
    const figures = {
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1)!),
    };
    perRun.push(figures);
    console.log(
      JSON.stringify({ bench: 'kafka-bridge latency run', run: r + 1, rate, events: sorted.length, ...figures }),
    );
  }
  console.log(
    JSON.stringify({
      bench: 'kafka-bridge latency (store → Kafka, ms)',
      rate,
      seconds,
      runs,
      medianP50: median(perRun.map((f) => f.p50)),
      medianP99: median(perRun.map((f) => f.p99)),
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
