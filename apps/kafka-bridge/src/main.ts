import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { topics } from '@chargeplane/contracts-api';
import { loadConfig, workSharingOf } from '@chargeplane/platform-config';
import { kafkaConnection } from '@chargeplane/platform-kafka';
import { KafkaPublisher, NatsBus } from '@chargeplane/platform-messaging';
import { createLogger, createMetricsRegistry, startTracing } from '@chargeplane/platform-observability';
import { KafkaBridge } from './bridge.js';
import { BridgeMetrics } from './bridge.metrics.js';
import { KafkaBridgeConfig } from './config.schema.js';

async function main(): Promise<void> {
  const tracing = startTracing('kafka-bridge');
  const config = loadConfig('kafka-bridge', KafkaBridgeConfig, process.env);
  const log = createLogger('kafka-bridge', config.LOG_LEVEL);
  const registry = createMetricsRegistry('kafka-bridge');
  const bus = await NatsBus.connect({ url: config.NATS_URL, name: 'kafka-bridge', prefix: config.NATS_PREFIX });
  log.info({ natsServer: bus.nc.info?.version }, 'connected to NATS');
  const kafka = new KafkaPublisher(kafkaConnection(config.KAFKA_BROKERS, 'chargeplane-kafka-bridge', config));
  await kafka.connect().catch((cause: unknown) => {
    throw new Error(`cannot reach Kafka at ${config.KAFKA_BROKERS.join(',')} (set KAFKA_BROKERS): ${String(cause)}`, {
      cause,
    });
  });
  const bridge = new KafkaBridge(
    bus,
    kafka,
    {
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      batchSize: config.BRIDGE_BATCH_SIZE,
      ...(config.BRIDGE_MAX_ACK_PENDING ? { maxAckPending: config.BRIDGE_MAX_ACK_PENDING } : {}),
      ackWaitMs: config.BRIDGE_ACK_WAIT_MS,
      retryMaxMs: config.BRIDGE_RETRY_MAX_MS,
      sharing: {
        ...workSharingOf(config, randomUUID),
        registry,
      },
    },
    log,
    new BridgeMetrics(registry),
  );
  const topicReports = await kafka.ensureTopics(
    Object.values(topics).map((t) => ({
      topic: bridge.topic(t),
      partitions: config.KAFKA_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    })),
  );
  for (const r of topicReports) {
    if (r.action === 'created') log.info({ topic: r.topic, partitions: r.partitions }, 'created Kafka topic');
    for (const warning of r.warnings) log.warn({ topic: r.topic }, `Kafka topic ${r.topic} ${warning}`);
  }
  await bridge.start();
  const server = createServer((req, res) => {
    if (req.url === '/metrics')
      void registry.metrics().then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body));
    else if (req.url === '/healthz' || req.url === '/readyz') res.writeHead(bus.nc.isClosed() ? 503 : 200).end();
    else res.writeHead(404).end();
  });
  server.listen(config.BRIDGE_METRICS_PORT, config.BRIDGE_METRICS_HOST);
  log.info({ brokers: config.KAFKA_BROKERS, batchSize: config.BRIDGE_BATCH_SIZE }, 'kafka-bridge running');
  const shutdown = async () => {
    server.close();
    await bridge.stop();
    await kafka.disconnect();
    await bus.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`kafka-bridge failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
