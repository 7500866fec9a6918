import { randomUUID } from 'node:crypto';
import { loadConfig } from '@chargeplane/platform-config';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger, createMetricsRegistry, startTracing } from '@chargeplane/platform-observability';
import { EdgeConfigSchema } from './config.schema.js';
import { startEdge } from './start-edge.js';

const APP = 'ocpp-edge';

async function main(): Promise<void> {
  const tracing = startTracing(APP);
  const config = loadConfig(APP, EdgeConfigSchema, process.env);
  const log = createLogger(APP, config.LOG_LEVEL);
  const bus = await NatsBus.connect({
    url: config.NATS_URL,
    name: `${APP}-${config.EDGE_ID}`,
    prefix: config.NATS_PREFIX,
  });
  const edge = await startEdge(config, {
    bus,
    log,
    registry: createMetricsRegistry(APP),
    now: Date.now,
    newId: randomUUID,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    // Sockets first (their Disconnected facts need NATS), then drain NATS so nothing published is lost.
    void edge
      .close()
      .then(() => bus.close())
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'unclean shutdown');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
