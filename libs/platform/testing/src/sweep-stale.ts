import { isStaleRunName } from './run-id.js';
import { removeResources, type Removed, type RunServices } from './run-resources.js';

/**
 * Runs older than this are over: a whole `npm test` takes well under an hour even on a loaded machine, so six
 * hours leaves a wide margin for any run still going (another worktree's, on the same servers).
 */
export const DEFAULT_STALE_AFTER_MS = 6 * 3_600_000;

/**
 * Removes what crashed test runs left behind: JetStream streams, Kafka topics and groups, PostgreSQL schemas whose
 * name starts with a run id (`newRunId`) that started more than `staleAfterMs` before `now`. A stream must also
 * have been created that long ago by the server's own clock, so a run with a skewed clock is still spared.
 * Names without a run id (the platform's `OCPP_IN`, `CHARGER_EVENTS`, `COMPLIANCE_EVENTS`, `TWIN_EVENTS`) are
 * never touched. `within` narrows the sweep further (a test of the sweep keeps it to its own names).
 */
export function sweepStaleRuns(
  services: RunServices,
  now: number = Date.now(),
  staleAfterMs: number = DEFAULT_STALE_AFTER_MS,
  within: (name: string) => boolean = () => true,
): Promise<Removed> {
  const stale = (name: string) => within(name) && isStaleRunName(name, now, staleAfterMs);
  return removeResources(services, {
    stream: (name, created) => stale(name) && now - created.getTime() > staleAfterMs,
    kafka: stale,
    schema: stale,
  });
}
