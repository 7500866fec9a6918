import { createServer } from 'node:http';
import { subjects } from '@chargeplane/contracts-api';
import { loadConfig, systemClock } from '@chargeplane/platform-config';
import { createDataSource, eventStoreMigrations, PostgresEventStore } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger, createMetricsRegistry } from '@chargeplane/platform-observability';
import { CreateTwins1732500002000, serveTwinQueries, TwinProjection, TwinRepository } from '@chargeplane/twin-adapters';
import { DeviceTwinConfig } from './config.schema.js';

async function main(): Promise<void> {
  const config = loadConfig('device-twin', DeviceTwinConfig, process.env);
  const log = createLogger('device-twin', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('device-twin');
  const db = createDataSource(config.DATABASE_URL, [...eventStoreMigrations, CreateTwins1732500002000]);
  await db.initialize();
  if (await db.showMigrations()) throw new Error('the database schema is not up to date: run `npm run provision` first');
  const bus = await NatsBus.connect({ url: config.NATS_URL, name: 'device-twin', prefix: config.NATS_PREFIX });
  const twins = new TwinRepository(db);
  const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
  const projection = new TwinProjection(bus, db, twins, store, log);
  await projection.start();
  const clock = systemClock(config.CLOCK_SPEED, config.CLOCK_EPOCH ? Date.parse(config.CLOCK_EPOCH) : undefined);
  const subscriptions = serveTwinQueries(bus, twins, () => clock.now());

  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      void metrics.metrics().then((body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body));
    } else if (req.url === '/healthz' || req.url === '/readyz') {
      const ok = !bus.nc.isClosed() && db.isInitialized;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready: ok }));
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(config.TWIN_METRICS_PORT, '127.0.0.1');
  log.info({ metricsPort: config.TWIN_METRICS_PORT }, 'device-twin running');

  const shutdown = async () => {
    server.close();
    for (const s of subscriptions) s.unsubscribe();
    await projection.stop();
    await bus.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`device-twin failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
