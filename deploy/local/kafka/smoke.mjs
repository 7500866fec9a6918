// Kafka smoke check (docs/stack.md §13), with the project's client, @platformatic/kafka:
//   1. the admin client creates local.smoke.v1 (1 partition, replication factor 1) unless it exists;
//   2. an idempotent producer (acks=all) sends one keyed record carrying a value unique to this run;
//   3. a consumer with a fresh group id, reading from the earliest offset, receives that record.
// Prints `KAFKA OK` and exits 0, or prints `KAFKA FAILED: <reason>` and exits 1; gives up after 30 s.
// Usage: KAFKA_BROKERS=127.0.0.1:9092 node deploy/local/kafka/smoke.mjs
import { randomUUID } from 'node:crypto';
import {
  Admin,
  compatibilityPartitioner,
  Consumer,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';

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

const base = {
  clientId: 'chargeplane-smoke',
  bootstrapBrokers: brokers,
  connectTimeout: 3_000,
  retries: 8,
  retryDelay: 200,
};
const admin = new Admin(base);
const producer = new Producer({
  ...base,
  idempotent: true,
  partitioner: compatibilityPartitioner,
  serializers: stringSerializers,
});
const consumer = new Consumer({ ...base, groupId, deserializers: stringDeserializers, autocommit: false });
let stream;

let finished = false;
async function finish(code, line) {
  if (finished) return;
  finished = true;
  (code === 0 ? console.log : console.error)(line);
  // Best effort and bounded: the verdict is already printed.
  const cleanup = (async () => {
    await stream?.close().catch(() => {});
    await consumer.close(true).catch(() => {});
    await producer.close().catch(() => {});
    if (code === 0) await admin.deleteGroups({ groups: [groupId] }).catch(() => {});
    await admin.close().catch(() => {});
  })();
  await Promise.race([cleanup, new Promise((r) => setTimeout(r, 5_000))]);
  process.exit(code);
}

const timer = setTimeout(
  () => finish(1, `KAFKA FAILED: no round trip through ${brokers.join(',')} within ${DEADLINE_MS / 1000} s`),
  DEADLINE_MS,
);

try {
  if (!(await admin.listTopics()).includes(TOPIC)) {
    await admin.createTopics({ topics: [TOPIC], partitions: 1, replicas: 1 }).catch((error) => {
      // Another smoke check created it meanwhile.
      if (!/already exists/i.test(String(error?.message) + String(error?.errors?.map?.((e) => e.message)))) throw error;
    });
  }

  await producer.send({ messages: [{ topic: TOPIC, key: KEY, value: runId }] });

  stream = await consumer.consume({ topics: [TOPIC], mode: 'earliest' });
  await new Promise((resolve, reject) => {
    stream.on('data', (message) => {
      if (message.key === KEY && message.value === runId) resolve();
    });
    stream.on('error', reject);
  });

  clearTimeout(timer);
  console.error(`smoke: ${brokers.join(',')} topic ${TOPIC}, round trip in ${Date.now() - started} ms`);
  await finish(0, 'KAFKA OK');
} catch (err) {
  clearTimeout(timer);
  await finish(1, `KAFKA FAILED: ${err?.message ?? err}`);
}
