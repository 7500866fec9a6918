// Kafka smoke check (docs/stack.md §13), with the project's client, kafkajs:
//   1. the admin client creates local.smoke.v1 (1 partition, replication factor 1) unless it exists;
//   2. an idempotent producer sends one keyed record carrying a value unique to this run;
//   3. a consumer with a fresh group id, subscribed fromBeginning, receives that record.
// Prints `KAFKA OK` and exits 0, or prints `KAFKA FAILED: <reason>` and exits 1; gives up after 30 s.
// Usage: KAFKA_BROKERS=127.0.0.1:9092 node deploy/local/kafka/smoke.mjs
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';

const { Kafka, Partitioners, logLevel } = kafkajs;

const TOPIC = 'local.smoke.v1';
const KEY = 'smoke';
const DEADLINE_MS = 30_000;

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const runId = randomUUID();
const groupId = `local.smoke.${runId}`;
const started = Date.now();

const kafka = new Kafka({
  clientId: 'chargeplane-smoke',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3_000,
  retry: { initialRetryTime: 200, retries: 8 },
});
const admin = kafka.admin();
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const consumer = kafka.consumer({ groupId });

let finished = false;
async function finish(code, line) {
  if (finished) return;
  finished = true;
  (code === 0 ? console.log : console.error)(line);
  // Best effort and bounded: the verdict is already printed.
  const cleanup = (async () => {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    if (code === 0) await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect().catch(() => {});
  })();
  await Promise.race([cleanup, new Promise((r) => setTimeout(r, 5_000))]);
  process.exit(code);
}

const timer = setTimeout(
  () => finish(1, `KAFKA FAILED: no round trip through ${brokers.join(',')} within ${DEADLINE_MS / 1000} s`),
  DEADLINE_MS,
);

try {
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  }); // resolves false when the topic already exists

  await producer.connect();
  await producer.send({ topic: TOPIC, messages: [{ key: KEY, value: runId }] });

  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  await new Promise((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === KEY && message.value?.toString() === runId) resolve();
        },
      })
      .catch(reject);
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload?.restart) reject(e.payload?.error ?? new Error('consumer crashed'));
    });
  });

  clearTimeout(timer);
  console.error(`smoke: ${brokers.join(',')} topic ${TOPIC}, round trip in ${Date.now() - started} ms`);
  await finish(0, 'KAFKA OK');
} catch (err) {
  clearTimeout(timer);
  await finish(1, `KAFKA FAILED: ${err?.message ?? err}`);
}
