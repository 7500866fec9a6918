import { cryptoRandomSource } from '@chargeplane/compliance-adapters';
import { loadConfig, systemClock } from '@chargeplane/platform-config';
import { createLogger, createMetricsRegistry, startTracing } from '@chargeplane/platform-observability';
import { composeComplianceGb } from './compose.js';
import { ComplianceGbConfig } from './config.schema.js';
import { startOpsServer } from './ops-server.js';

/**
 * compliance-gb: the GB Smart Charge Points Regulations done by the platform. Per GB charger a policy
 * (delay mode, maximum, owner override, DSR, off-peak default) kept as the compliance stream, which is
 * also the audit; the platform randomised delay for profile-command; the charger's own delay key and the
 * default off-peak profile kept through profile-command.
 */
async function main(): Promise<void> {
  const tracing = startTracing('compliance-gb');
  const config = loadConfig('compliance-gb', ComplianceGbConfig, process.env);
  const log = createLogger('compliance-gb', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('compliance-gb');
  const clock = systemClock(config.CLOCK_SPEED, config.CLOCK_EPOCH ? Date.parse(config.CLOCK_EPOCH) : undefined);
  const parts = await composeComplianceGb(config, log, clock, cryptoRandomSource(), metrics);
  const server = startOpsServer(config.COMPLIANCE_METRICS_PORT, config.COMPLIANCE_METRICS_HOST, metrics, parts.ready);
  log.info({ port: config.COMPLIANCE_METRICS_PORT }, 'compliance-gb running');
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close();
    await parts.stop();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`compliance-gb failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
