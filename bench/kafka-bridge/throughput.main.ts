import { randomUUID } from 'node:crypto';
import { streams, subjects, topics } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { KafkaPublisher, NatsBus } from '@chargeplane/platform-messaging';
import { clientConnectionOptions } from '@chargeplane/platform-kafka';
import { Admin } from '@platformatic/kafka';
import { chargerEventsBehind, env, median, recordsOn, round, runId, startBridge } from './bench-support.js';

// Sustained JetStream → Kafka throughput of the compiled bridge: a backlog of charger events is put on the
// stream, the bridge is started as its own process, and the clock runs from its first record on Kafka to
// the last. Usage: node dist/bench/kafka-bridge/throughput.main.js [runs]   (BENCH_DEBUG=1: bridge metrics)

const CHARGERS = 500;
const bridgedStreams = [streams.chargerEvents, streams.ocppIn, streams.complianceEvents];

function event(chargerId: string, version: number): EventEnvelope {
  const at = new Date(Date.UTC(2026, 10, 25, 10, 0, 0, version)).toISOString();
  return {
    id: randomUUID(),
    type: 'ChargingProfileWriteDeferred',
    schemaVersion: 1,
    streamId: `charger-${chargerId}`,
    streamVersion: version,
    tenantId: 'tenant-bench',
    chargerId,
    occurredAt: at,
    recordedAt: at,
    correlationId: randomUUID(),
    causationId: null,
    data: { chargingProfileIds: [100, 101], reason: 'write-budget', until: at },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Events per second from the first record on Kafka to the last. Progress is read from the topic's end
 * offsets: polling JetStream consumer info at this rate would itself slow nats-server 2.9's deliveries
 * down (measured: ~2k/s instead of ~20k/s). JetStream is asked once at the end that nothing is behind.
 */
async function measure(bus: NatsBus, admin: Admin, topic: string, events: number): Promise<number> {
  let onKafka = await recordsOn(admin, topic);
  while (onKafka === 0) {
    await sleep(5);
    onKafka = await recordsOn(admin, topic);
  }
  const started = performance.now();
  const counted = events - onKafka;
  while (onKafka < events) {
    await sleep(20);
    onKafka = await recordsOn(admin, topic);
  }
  const seconds = (performance.now() - started) / 1000;
  for (let i = 0; (await chargerEventsBehind(bus)) > 0; i++) {
    if (i > 60) throw new Error('JetStream still has unacknowledged events a minute after Kafka had them all');
    await sleep(1000);
  }
  return counted / seconds;
}

/** Events per second, and the bridge's CPU seconds from ready to done (start-up excluded): the load-robust figure. */
async function oneRun(events: number, batchSize: number): Promise<{ rate: number; cpuSeconds: number }> {
  const prefix = runId();
  const bus = await NatsBus.connect({ url: env.natsUrl, name: 'bench-throughput', prefix });
  await bus.ensureStreams(bridgedStreams);
  const kafka = new KafkaPublisher(env.kafkaBrokers, 'bench-throughput');
  const admin = new Admin(clientConnectionOptions({ brokers: env.kafkaBrokers, clientId: 'bench-throughput' }));
  await kafka.connect();
  try {
    const topic = (t: string) => `${prefix}.${t}`;
    await kafka.ensureTopics(
      Object.values(topics).map((t) => ({ topic: topic(t), partitions: 6, replicationFactor: 1 })),
    );
    for (let i = 0; i < events; i += 1000) {
      await Promise.all(
        Array.from({ length: Math.min(1000, events - i) }, (_, j) => {
          const n = i + j;
          const e = event(`BENCH-${n % CHARGERS}`, Math.floor(n / CHARGERS) + 1);
          return bus.publish(subjects.chargerEvents(e.chargerId), e, e.id);
        }),
      );
    }
    const bridge = await startBridge(prefix, batchSize);
    const cpuAtReady = bridge.cpuSeconds();
    const rate = await measure(bus, admin, topic(topics.chargerEvents), events);
    const cpuSeconds = bridge.cpuSeconds() - cpuAtReady;
    if (process.env['BENCH_DEBUG']) {
      const text = await (await fetch(`http://127.0.0.1:${bridge.metricsPort}/metrics`)).text();
      console.log(
        text
          .split('\n')
          .filter((l) => /batch_records_(sum|count)|send_failures_total\{|dropped_events_total\{/.test(l))
          .join('\n'),
      );
    }
    await bridge.stop();
    return { rate, cpuSeconds };
  } finally {
    await admin.deleteTopics({ topics: Object.values(topics).map((t) => `${prefix}.${t}`) }).catch(() => undefined);
    await admin.close();
    await kafka.disconnect();
    await bus.deleteStreams(bridgedStreams);
    await bus.close();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const plans = [
    { batchSize: 500, events: 50_000, runs },
    { batchSize: 100, events: 50_000, runs },
    { batchSize: 1, events: 5_000, runs: 1 },
  ];
  for (const plan of plans) {
    const rates: number[] = [];
    const perCpuSecond: number[] = [];
    for (let r = 0; r < plan.runs; r++) {
      const { rate, cpuSeconds } = await oneRun(plan.events, plan.batchSize);
      rates.push(rate);
      perCpuSecond.push(plan.events / cpuSeconds);
    }
    console.log(
      JSON.stringify({
        bench: 'kafka-bridge throughput',
        batchSize: plan.batchSize,
        events: plan.events,
        runs: rates.map((x) => round(x, 0)),
        medianEventsPerSecond: round(median(rates), 0),
        eventsPerBridgeCpuSecond: perCpuSecond.map((x) => round(x, 0)),
      }),
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
