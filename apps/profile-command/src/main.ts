import 'reflect-metadata';
import { HttpErrorFilter } from '@chargeplane/platform-messaging';
import { ProfileCommandHttpModule } from '@chargeplane/charger-adapters';
import { loadConfig } from '@chargeplane/platform-config';
import { createLogger, createMetricsRegistry } from '@chargeplane/platform-observability';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProfileCommandConfig } from './config.schema.js';
import { composeProfileCommand } from './compose.js';

async function main(): Promise<void> {
  const config = loadConfig('profile-command', ProfileCommandConfig, process.env);
  const log = createLogger('profile-command', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('profile-command');
  const parts = await composeProfileCommand(config, log);
  const app = await NestFactory.create<NestFastifyApplication>(
    ProfileCommandHttpModule.forRoot({
      api: parts.api,
      tenants: parts.tenants,
      idempotency: parts.idempotency,
      auth: { adminKey: config.CHARGEPLANE_ADMIN_KEY },
      health: { ready: parts.ready, metrics: async () => ({ contentType: metrics.contentType, body: await metrics.metrics() }) },
    }),
    new FastifyAdapter({ bodyLimit: 1_048_576 }),
    { logger: false },
  );
  app.useGlobalFilters(new HttpErrorFilter(log));
  await app.listen(config.API_PORT, config.API_HOST);
  log.info({ port: config.API_PORT }, 'profile-command listening');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.close();
    await parts.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`profile-command failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
