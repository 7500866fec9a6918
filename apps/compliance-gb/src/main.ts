import { createServer } from 'node:http';
import { ComplianceEvaluateRequest, subjects, type ComplianceEvaluateReply } from '@chargeplane/contracts-api';
import { loadConfig } from '@chargeplane/platform-config';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger, createMetricsRegistry } from '@chargeplane/platform-observability';
import { ComplianceGbConfig } from './config.schema.js';

/**
 * compliance-gb. Every GB charger starts in `device` randomised-delay mode (ARCHITECTURE.md §3): the
 * charger applies its own delay, so the platform returns the profile unchanged and says why. Platform
 * mode, per-charger policy, audit and the off-peak default are the compliance-gb issue's work.
 */
async function main(): Promise<void> {
  const config = loadConfig('compliance-gb', ComplianceGbConfig, process.env);
  const log = createLogger('compliance-gb', config.LOG_LEVEL);
  const metrics = createMetricsRegistry('compliance-gb');
  const bus = await NatsBus.connect({ url: config.NATS_URL, name: 'compliance-gb', prefix: config.NATS_PREFIX });
  const evaluate = bus.serve(
    subjects.complianceEvaluate,
    ComplianceEvaluateRequest,
    async (request): Promise<ComplianceEvaluateReply> => ({ chargingProfile: request.chargingProfile, delays: [], exemption: 'device-mode' }),
    { queue: 'compliance-gb' },
  );
  const server = createServer((req, res) => {
    if (req.url === '/metrics') void metrics.metrics().then((body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body));
    else if (req.url === '/healthz' || req.url === '/readyz') res.writeHead(bus.nc.isClosed() ? 503 : 200).end();
    else res.writeHead(404).end();
  });
  server.listen(config.COMPLIANCE_METRICS_PORT, '127.0.0.1');
  log.info('compliance-gb running');
  const shutdown = async () => {
    server.close();
    evaluate.unsubscribe();
    await bus.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`compliance-gb failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
