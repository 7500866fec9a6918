import 'reflect-metadata';
import { loadConfig } from '@chargeplane/platform-config';
import { createLogger, createMetricsRegistry, startTracing } from '@chargeplane/platform-observability';
import { createHttpApp } from './app.js';
import { composeProfileCommand } from './compose.js';
import { ProfileCommandConfig } from './config.schema.js';

async function main(): Promise<void> {
  const tracing = startTracing('profile-command');
  const config = loadConfig('profile-command', ProfileCommandConfig, process.env);
  const log = createLogger('profile-command', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('profile-command');
  const parts = await composeProfileCommand(config, log, metrics);
  const app = await createHttpApp(config, parts, log, metrics);
  await app.listen(config.API_PORT, config.API_HOST);
  log.info({ port: config.API_PORT }, 'profile-command listening');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.close();
    await parts.stop();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`profile-command failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
