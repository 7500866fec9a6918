import { randomUUID } from 'node:crypto';
import { streams, subjects } from '@chargeplane/contracts-api';
import {
  ChargerEventsConsumer,
  ChargerProfilesProjection,
  complianceMetrics,
  ComplianceProcess,
  ComplianceReadModel,
  ComplianceChargerLedgers1732500006100,
  ComplianceLedgersFillfactor1732500006200,
  CreateComplianceTables1732500006000,
  DueScheduler,
  NatsProfileCommandClient,
  PolicyRepository,
  PolicyService,
  serveCompliance,
} from '@chargeplane/compliance-adapters';
import type { PlanOptions, RandomSource } from '@chargeplane/compliance-domain';
import { workSharingOf, type Clock } from '@chargeplane/platform-config';
import {
  createDataSource,
  databaseAnswers,
  eventStoreMigrations,
  busCommitPublisher,
  busOutboxRelay,
  PostgresEventStore,
} from '@chargeplane/platform-event-store';
import { DeadLetters, NatsBus, streamPolicyFromEnv } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { Registry } from 'prom-client';
import type { ComplianceGbConfig } from './config.schema.js';

/** The schema compliance-gb needs: the event store (its compliance streams) and its own read models. */
export const complianceGbMigrations = [
  ...eventStoreMigrations,
  CreateComplianceTables1732500006000,
  ComplianceChargerLedgers1732500006100,
  ComplianceLedgersFillfactor1732500006200,
];

export const planOptionsOf = (config: ComplianceGbConfig): PlanOptions => ({
  offPeakGraceSeconds: config.OFF_PEAK_GRACE_SECONDS,
  offPeakAllowLimitA: config.OFF_PEAK_ALLOW_LIMIT_A,
  offPeakHorizonDays: config.OFF_PEAK_HORIZON_DAYS,
  offPeakLeadSeconds: config.OFF_PEAK_LEAD_SECONDS,
  retrySeconds: config.COMPLIANCE_RETRY_SECONDS,
  refusedRetrySeconds: config.COMPLIANCE_REFUSED_RETRY_SECONDS,
});

/**
 * Everything compliance-gb runs, built from its config, a clock, a random source (crypto in
 * production, seeded in tests) and its metrics registry; `stop()` releases it in reverse order.
 */
export async function composeComplianceGb(
  config: ComplianceGbConfig,
  log: Logger,
  clock: Clock,
  random: RandomSource,
  metrics: Registry,
) {
  const db = createDataSource(config.DATABASE_URL, complianceGbMigrations);
  await db.initialize().catch((cause: unknown) => {
    throw new Error(`cannot reach PostgreSQL (DATABASE_URL): ${String(cause)}`, { cause });
  });
  if (await db.showMigrations())
    throw new Error('the database schema is not up to date: run `npm run provision` first');
  const bus = await NatsBus.connect({ url: config.NATS_URL, name: 'compliance-gb', prefix: config.NATS_PREFIX });
  log.info({ natsServer: bus.nc.info?.version }, 'connected to NATS');
  // Creates missing streams only; provisioning is what brings existing ones to new limits.
  const streamReports = await bus.ensureStreams(
    [streams.chargerEvents, streams.complianceEvents, streams.deadLetters],
    {
      policy: streamPolicyFromEnv(config),
    },
  );
  for (const r of streamReports) {
    if (r.action === 'created') log.info({ stream: r.stream, limits: r.changes }, 'created JetStream stream');
    if (r.action === 'differs')
      log.warn(
        { stream: r.stream, differences: r.changes },
        'JetStream stream differs from the configured limits (provisioning updates it)',
      );
  }

  // The compliance stream is the audit: appended with an expected version, published by the outbox relay.
  const onCommit = config.PUBLISH_ON_COMMIT ? busCommitPublisher(db, bus, log, { claimant: randomUUID() }) : undefined;
  const store = new PostgresEventStore(
    db,
    (event) => subjects.complianceEvents(event.chargerId, config.CHARGER_PARTITIONS),
    onCommit,
  );
  const deadLetters = new DeadLetters(bus, metrics, Date.now, randomUUID);
  const relay = busOutboxRelay(db, bus, deadLetters, log, { databaseUrl: config.DATABASE_URL });
  const options = planOptionsOf(config);
  const readModel = new ComplianceReadModel(db);
  const profiles = new ChargerProfilesProjection(db, store);
  const service = new PolicyService(
    new PolicyRepository(store, { uuid: () => randomUUID() }),
    readModel,
    clock,
    options.offPeakGraceSeconds,
    random,
    profiles,
  );
  service.onAppended(complianceMetrics(metrics));
  const port = new NatsProfileCommandClient(bus, config.PROFILE_COMMAND_TIMEOUT_MS);
  const process = new ComplianceProcess(service, profiles, readModel, port, clock, random, options, log);
  const consumer = new ChargerEventsConsumer(bus, store, readModel, profiles, service, process, log);
  const scheduler = new DueScheduler(readModel, process, clock, config.COMPLIANCE_TICK_MS, log);
  const subscriptions = serveCompliance(bus, {
    service,
    process,
    readModel,
    clock,
    random,
    offPeakGraceSeconds: options.offPeakGraceSeconds,
    profiles,
  });

  await relay.start();
  await consumer.start('compliance-gb', 200, {
    ...workSharingOf(config, randomUUID),
    registry: metrics,
    deadLetters,
  });
  scheduler.start();

  return {
    db,
    bus,
    service,
    process,
    scheduler,
    ready: async () => !bus.nc.isClosed() && (await databaseAnswers(db)),
    async stop() {
      for (const s of subscriptions) s.unsubscribe();
      await scheduler.stop();
      await consumer.stop();
      await onCommit?.stop();
      await relay.stop();
      await bus.close();
      await db.destroy();
    },
  };
}
