import { randomInt, randomUUID } from 'node:crypto';
import {
  ApiKeyTenants,
  AssignmentShares,
  AssignmentsApi,
  AssignmentsRepository,
  SETTLE_TARGETS,
  FleetApi,
  ComplianceApi,
  CreateAssignments1732500003000,
  IdempotencyClaims1732500007000,
  WakeVersion1732500008300,
  ChargerDirectory,
  CreateChargerTables1732500001000,
  ConfigurationReads,
  defaultReadTimings,
  FactIntake,
  IdempotencyStore,
  NatsChargerGateway,
  NatsGbProfileEvaluator,
  NatsTwinViews,
  PostgresChargerEventLog,
  PostgresChargerRepository,
  serveComplianceRequests,
  serveEdgeRequests,
  TenantsRepository,
  WakeupScheduler,
} from '@chargeplane/charger-adapters';
import {
  ChargerBulkRegistration,
  ChargerConfigurationCommands,
  ChargerOwnership,
  ChargerReads,
  ChargerRegistration,
  CredentialsRehash,
  ChargerService,
  ChargingProfileCommands,
  WriteExecutor,
} from '@chargeplane/charger-application';
import { subjects } from '@chargeplane/contracts-api';
import {
  createDataSource,
  databaseAnswers,
  eventStoreMigrations,
  busCommitPublisher,
  busOutboxRelay,
  PostgresEventStore,
} from '@chargeplane/platform-event-store';
import { DeadLetterArchive, DeadLetters, NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import { CredentialHasher } from '@chargeplane/platform-security';
import { systemClock, workSharingOf } from '@chargeplane/platform-config';
import type { Registry } from 'prom-client';
import type { ProfileCommandConfig } from './config.schema.js';
import { ProfileCommandMetrics } from './profile-command.metrics.js';

/** The schema profile-command needs: the event store and the charger context's tables. */
export const profileCommandMigrations = [
  ...eventStoreMigrations,
  CreateChargerTables1732500001000,
  CreateAssignments1732500003000,
  IdempotencyClaims1732500007000,
  WakeVersion1732500008300,
];

/** Everything profile-command runs, built from its config; `stop()` releases it in reverse order. */
export async function composeProfileCommand(config: ProfileCommandConfig, log: Logger, registry: Registry) {
  const clock = systemClock(config.CLOCK_SPEED, config.CLOCK_EPOCH ? Date.parse(config.CLOCK_EPOCH) : undefined);
  const ids = { uuid: () => randomUUID() };
  const db = createDataSource(config.DATABASE_URL, profileCommandMigrations);
  await db.initialize().catch((cause: unknown) => {
    throw new Error(`cannot reach PostgreSQL (DATABASE_URL): ${String(cause)}`, { cause });
  });
  if (await db.showMigrations())
    throw new Error('the database schema is not up to date: run `npm run provision` first');
  const bus = await NatsBus.connect({ url: config.NATS_URL, name: 'profile-command', prefix: config.NATS_PREFIX });
  log.info({ natsServer: bus.nc.info?.version }, 'connected to NATS');

  const metrics = new ProfileCommandMetrics(registry, db);
  const onCommit = config.PUBLISH_ON_COMMIT
    ? busCommitPublisher(db, bus, log, {
        claimant: randomUUID(),
        onPublished: (event) => metrics.published(event, 'writer'),
      })
    : undefined;
  const store = new PostgresEventStore(
    db,
    (event) => subjects.chargerEvents(event.chargerId, config.CHARGER_PARTITIONS),
    onCommit,
  );
  const deadLetters = new DeadLetters(bus, registry, Date.now, randomUUID);
  const relay = busOutboxRelay(db, bus, deadLetters, log, {
    databaseUrl: config.DATABASE_URL,
    onPublished: (event) => metrics.published(event, 'relay'),
  });
  const deadLetterArchive = new DeadLetterArchive(bus, (outboxId) => relay.replay(outboxId));
  const assignments = new AssignmentsRepository(db);
  const repository = new PostgresChargerRepository(store, ids, [SETTLE_TARGETS], (stored) => metrics.recorded(stored));
  const service = new ChargerService(repository, clock, ids, { int: (max) => randomInt(0, max + 1) });
  const gateway = new NatsChargerGateway(bus);
  new WriteExecutor(service, gateway, (chargerId, err) => log.error({ err, chargerId }, 'write execution failed'));
  const directory = new ChargerDirectory(db);
  const configurationReads = new ConfigurationReads(service, gateway, log, {
    ...defaultReadTimings,
    readTimeoutMs: config.CONFIG_READ_TIMEOUT_SECONDS * 1000,
    firstRetryMs: config.CONFIG_READ_RETRY_SECONDS * 1000,
  });
  const intake = new FactIntake(bus, service, configurationReads, log);
  const wakeups = new WakeupScheduler(directory, service, clock, log, configurationReads);
  const ownership = new ChargerOwnership(service);
  const profiles = new ChargingProfileCommands(service, ownership, new NatsGbProfileEvaluator(bus), clock);
  const reads = new ChargerReads(ownership, new NatsTwinViews(bus), new PostgresChargerEventLog(store));
  const credentials = new CredentialHasher({
    current: config.CREDENTIAL_PEPPER,
    previous: config.CREDENTIAL_PEPPER_PREVIOUS,
  });
  const registration = new ChargerRegistration(service, directory, config.PUBLIC_OCPP_URL, credentials);
  const bulkRegistration = new ChargerBulkRegistration(service, directory, credentials, config.PUBLIC_OCPP_URL);
  const subscriptions = [
    ...serveEdgeRequests(bus, directory, config.HEARTBEAT_INTERVAL_SECONDS, new CredentialsRehash(service)),
    ...serveComplianceRequests(bus, profiles, new ChargerConfigurationCommands(service, ownership)),
  ];
  const shares = new AssignmentShares(bus, { partitions: config.CHARGER_PARTITIONS, owned: () => intake.owned }, log);
  const assignmentsApi = new AssignmentsApi(profiles, directory, assignments, log, shares);
  const compliance = new ComplianceApi(bus, ownership);
  const fleet = new FleetApi(bus, ownership, { heartbeatMs: 15_000, maxBufferedBytes: 1_048_576 });
  const tenants = new TenantsRepository(db);
  // Real time, like the edge's auth cache: how long a revoked key keeps working is an operator's promise in seconds.
  const apiKeyTenants = new ApiKeyTenants(tenants, { ttlSeconds: config.API_KEY_CACHE_SECONDS, now: Date.now });

  await relay.start();
  await intake.start(
    {
      ...workSharingOf(config, randomUUID),
      registry,
      deadLetters,
    },
    config.FACT_BATCH_SIZE,
  );
  wakeups.start();
  shares.start((request) => assignmentsApi.runHere(request));
  await assignmentsApi.resumeUnfinished();

  return {
    db,
    bus,
    metrics,
    profiles,
    reads,
    registration,
    bulkRegistration,
    assignments: assignmentsApi,
    fleet,
    compliance,
    deadLetters: deadLetterArchive,
    tenants,
    apiKeyTenants,
    idempotency: new IdempotencyStore(db),
    async ready() {
      const checks = { nats: !bus.nc.isClosed(), postgres: await databaseAnswers(db) };
      return { ready: Object.values(checks).every(Boolean), checks };
    },
    async stop() {
      wakeups.stop();
      for (const s of subscriptions) s.unsubscribe();
      shares.stop();
      await intake.stop();
      await onCommit?.stop();
      await relay.stop();
      await bus.close();
      await db.destroy();
    },
  };
}
