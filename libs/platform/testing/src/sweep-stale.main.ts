import { DEFAULT_STALE_AFTER_MS, sweepStaleRuns } from './sweep-stale.js';

// `npm test` runs this once after provisioning (deploy/local/test.sh): removes the leftovers of earlier test runs
// that crashed before their cleanup, on the servers named by NATS_URL, KAFKA_BROKERS and DATABASE_URL.
// TEST_SWEEP_AFTER_HOURS overrides the age after which a run counts as over (default 6).
const hours = process.env['TEST_SWEEP_AFTER_HOURS'];
const staleAfterMs = hours ? Number(hours) * 3_600_000 : DEFAULT_STALE_AFTER_MS;
if (!Number.isFinite(staleAfterMs) || staleAfterMs < 3_600_000) {
  console.error(`TEST_SWEEP_AFTER_HOURS=${hours}: expected a number of hours, at least 1`);
  process.exit(2);
}
const kafka = process.env['KAFKA_BROKERS'];
const removed = await sweepStaleRuns(
  {
    ...(process.env['NATS_URL'] ? { natsUrl: process.env['NATS_URL'] } : {}),
    ...(kafka ? { kafkaBrokers: kafka.split(',') } : {}),
    ...(process.env['DATABASE_URL'] ? { databaseUrl: process.env['DATABASE_URL'] } : {}),
  },
  Date.now(),
  staleAfterMs,
).catch((error: unknown) => {
  // Leftovers do not make the tests wrong: say what failed and let the run go on.
  console.warn(`sweep of old test runs: ${error instanceof Error ? error.message : String(error)}`);
  return undefined;
});
if (removed) {
  console.info(
    `test runs older than ${staleAfterMs / 3_600_000} h: removed ${removed.streams.length} streams, ` +
      `${removed.topics.length} topics, ${removed.groups.length} consumer groups, ${removed.schemas.length} schemas`,
  );
}
