import { subjects } from '@chargeplane/contracts-api';
import { loadConfig } from '@chargeplane/platform-config';
import { createDataSource, PostgresEventStore } from '@chargeplane/platform-event-store';
import { createLogger } from '@chargeplane/platform-observability';
import { TwinRebuild } from '@chargeplane/twin-adapters';
import { deviceTwinMigrations } from './compose.js';
import { TwinRebuildConfig } from './config.schema.js';

/**
 * `npm run twin:rebuild`: rebuilds every twin from the event store into a shadow table and swaps it in,
 * while device-twin keeps running (see TwinRebuild for how events applied meanwhile are kept).
 */
async function main(): Promise<void> {
  const config = loadConfig('twin-rebuild', TwinRebuildConfig, process.env);
  const log = createLogger('twin-rebuild', config.LOG_LEVEL);
  const db = createDataSource(config.DATABASE_URL, deviceTwinMigrations, 2);
  await db.initialize();
  try {
    if (await db.showMigrations())
      throw new Error('the database schema is not up to date: run `npm run provision` first');
    const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    let lastLog = 0;
    let lastLogAt = Date.now();
    const result = await new TwinRebuild(db, store, {
      readBatch: config.TWIN_REBUILD_READ_BATCH,
      writeBatch: config.TWIN_REBUILD_WRITE_BATCH,
      lockTimeoutMs: config.TWIN_REBUILD_LOCK_TIMEOUT_MS,
      onProgress: (p) => {
        // At least every second as well: the operator CLI (`chargeplane rebuild`) draws its progress from these.
        if (p.phase === 'written' || p.events - lastLog >= 100_000 || Date.now() - lastLogAt >= 1000) {
          lastLog = p.events;
          lastLogAt = Date.now();
          log.info(p, 'twin rebuild progress');
        }
      },
    }).run();
    const total = result.readSeconds + result.writeSeconds + result.swapSeconds;
    log.info(
      { ...result, eventsPerSecond: Math.round(result.events / Math.max(total, 1e-6)) },
      'twins rebuilt and swapped in',
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`twin rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
