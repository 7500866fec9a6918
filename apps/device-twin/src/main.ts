import { createServer } from 'node:http';
import { loadConfig } from '@chargeplane/platform-config';
import { createLogger, createMetricsRegistry, startTracing } from '@chargeplane/platform-observability';
import { composeDeviceTwin } from './compose.js';
import { DeviceTwinConfig } from './config.schema.js';

async function main(): Promise<void> {
  const tracing = startTracing('device-twin');
  const config = loadConfig('device-twin', DeviceTwinConfig, process.env);
  const log = createLogger('device-twin', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('device-twin');
  const parts = await composeDeviceTwin(config, log, metrics);

  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metrics
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body))
        .catch((err: unknown) => {
          log.warn({ err }, 'metrics scrape failed');
          res.writeHead(500).end();
        });
    } else if (req.url === '/healthz') {
      // Alive: the process answers. An outage of NATS or PostgreSQL shows in /readyz, and must not restart it.
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (req.url === '/readyz') {
      void parts
        .ready()
        .then((ok) =>
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: ok })),
        );
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(config.TWIN_METRICS_PORT, config.TWIN_METRICS_HOST);
  log.info(
    {
      metricsPort: config.TWIN_METRICS_PORT,
      batchSize: config.TWIN_BATCH_SIZE,
      driftCheckIntervalSeconds: config.DRIFT_CHECK_INTERVAL_SECONDS,
    },
    'device-twin running',
  );

  const shutdown = async () => {
    server.close();
    await parts.stop();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`device-twin failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
