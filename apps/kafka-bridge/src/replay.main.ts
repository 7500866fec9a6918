import 'reflect-metadata';
import { subjects, topics } from '@chargeplane/contracts-api';
import {
  checkKafkaSecurity,
  databaseUrl,
  kafkaBrokers,
  kafkaSecurityFields,
  loadConfig,
  logLevel,
} from '@chargeplane/platform-config';
import { createDataSource, PostgresEventStore } from '@chargeplane/platform-event-store';
import { kafkaConnection } from '@chargeplane/platform-kafka';
import { KafkaPublisher } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { z } from 'zod';
import { HistoryReplay } from './replay/history-replay.js';
import { parseReplayArgs } from './replay/replay-args.js';

const ReplayConfig = z
  .object({
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: kafkaBrokers,
    ...kafkaSecurityFields,
    KAFKA_TOPIC_PREFIX: z.string().default(''),
    KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
    REPLAY_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
    LOG_LEVEL: logLevel,
  })
  .superRefine(checkKafkaSecurity);

// `npm run replay -- --charger ID | --tenant ID [--topic-prefix P]`: republishes stored history to Kafka.
async function main(): Promise<void> {
  const args = parseReplayArgs(process.argv.slice(2));
  const config = loadConfig('replay', ReplayConfig, process.env);
  const log = createLogger('kafka-bridge-replay', config.LOG_LEVEL);
  const topicPrefix = args.topicPrefix ?? config.KAFKA_TOPIC_PREFIX;
  const db = createDataSource(config.DATABASE_URL, [], 2);
  await db.initialize();
  const kafka = new KafkaPublisher(kafkaConnection(config.KAFKA_BROKERS, 'chargeplane-replay', config));
  try {
    await kafka.connect();
    const topicReports = await kafka.ensureTopics(
      [topics.chargerEvents, topics.compliance].map((t) => ({
        topic: `${topicPrefix}${t}`,
        partitions: config.KAFKA_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      })),
    );
    for (const r of topicReports) for (const warning of r.warnings) log.warn(`Kafka topic ${r.topic} ${warning}`);
    // The store is only read here; its subject mapping matters to appends alone.
    const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    const replay = new HistoryReplay(store, db, kafka, topicPrefix, config.REPLAY_BATCH_SIZE, log);
    const summary =
      args.charger !== undefined ? await replay.replayCharger(args.charger) : await replay.replayTenant(args.tenant!);
    console.log(
      JSON.stringify({
        ...(args.charger !== undefined ? { charger: args.charger } : { tenant: args.tenant }),
        topicPrefix,
        ...summary,
      }),
    );
  } finally {
    await kafka.disconnect().catch(() => undefined);
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
