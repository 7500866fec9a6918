import { randomUUID } from 'node:crypto';
import { subjects, TwinDriftCheckRequest } from '@chargeplane/contracts-api';
import { systemClock, workSharingOf } from '@chargeplane/platform-config';
import {
  createDataSource,
  databaseAnswers,
  eventStoreMigrations,
  PostgresEventStore,
} from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import {
  ChargerReads,
  CreateTwins1732500002000,
  DriftSchedule,
  observeAll,
  ProjectionMetrics,
  serveTwinQueries,
  TWIN_DURABLE,
  TwinChangePublisher,
  TwinDriftChecker,
  TwinProjection,
  TwinRepository,
  TwinSummaryColumns1732500004200,
  TwinsFillfactor1732500004300,
} from '@chargeplane/twin-adapters';
import type { Registry } from 'prom-client';
import type { DeviceTwinConfig } from './config.schema.js';

/** The schema device-twin reads and writes: the event store and the twin tables. */
export const deviceTwinMigrations = [
  ...eventStoreMigrations,
  CreateTwins1732500002000,
  TwinSummaryColumns1732500004200,
  TwinsFillfactor1732500004300,
];

/**
 * Everything device-twin runs, built from its config: the projection (with lag metrics and live updates),
 * the `twin.*` responders, drift checks (on request, and on a schedule when configured).
 */
export async function composeDeviceTwin(
  config: DeviceTwinConfig,
  log: Logger,
  metrics: Registry,
  durable = TWIN_DURABLE,
) {
  const clock = systemClock(config.CLOCK_SPEED, config.CLOCK_EPOCH ? Date.parse(config.CLOCK_EPOCH) : undefined);
  const now = () => clock.now();
  const db = createDataSource(config.DATABASE_URL, deviceTwinMigrations);
  await db.initialize();
  if (await db.showMigrations())
    throw new Error('the database schema is not up to date: run `npm run provision` first');
  const bus = await NatsBus.connect({ url: config.NATS_URL, name: 'device-twin', prefix: config.NATS_PREFIX });
  log.info({ natsServer: bus.nc.info?.version }, 'connected to NATS');
  const twins = new TwinRepository(db);
  const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId, config.CHARGER_PARTITIONS));
  // Lag compares with recordedAt (the database's real time), so it uses the real clock even when time is accelerated.
  const lag = new ProjectionMetrics(bus, durable, () => Date.now(), metrics, config.CHARGER_PARTITIONS);
  const projection = new TwinProjection(bus, twins, store, log, observeAll(lag, new TwinChangePublisher(bus, now)));
  const checker = new TwinDriftChecker(bus, twins, new ChargerReads(bus), now, () => randomUUID());
  const subscriptions = [
    ...serveTwinQueries(bus, twins, now),
    bus.serve(subjects.twinDriftCheck, TwinDriftCheckRequest, (q) => checker.check(q), { queue: 'device-twin' }),
  ];
  const schedule =
    config.DRIFT_CHECK_INTERVAL_SECONDS > 0
      ? new DriftSchedule(twins, checker, config.DRIFT_CHECK_INTERVAL_SECONDS, log)
      : null;

  await projection.start(durable, config.TWIN_BATCH_SIZE, {
    ...workSharingOf(config, randomUUID),
    registry: metrics,
  });
  schedule?.start();

  return {
    db,
    bus,
    twins,
    store,
    lag,
    checker,
    ready: async () => !bus.nc.isClosed() && (await databaseAnswers(db)),
    async stop() {
      await schedule?.stop();
      for (const s of subscriptions) s.unsubscribe();
      await projection.stop();
      await bus.close();
      await db.destroy();
    },
  };
}
