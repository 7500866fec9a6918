import { fleetPath, noFleetFilters } from './fleet-path.js';
import { parseRoute } from './route.js';
import { loadSession } from './session.js';

export const summaryPath = '/v1/fleet/summary';
export const complianceReportPath = '/v1/compliance/report?limit=1';

/** The fleet page's first reads: the counts, the GB report's count and the first page of the table. */
const fleetPageReads = [summaryPath, complianceReportPath, fleetPath(noFleetFilters, null)];

/** An early GET, not yet taken: its key, and the answer on its way. */
const early = new Map<string, { key: string; answer: Promise<Response> }>();

/**
 * Starts the reads of the page the console opens on, before the application's script is loaded and React renders:
 * with a tenant key already signed in (sessionStorage) on the fleet page, the three reads leave as soon as this
 * tiny first script runs, and the queries take their answers (`takeEarly`) instead of asking again.
 */
export function startEarlyRequests(): void {
  const session = loadSession();
  if (session?.role !== 'tenant' || parseRoute(location.hash).page !== 'fleet') return;
  for (const path of fleetPageReads) {
    const answer = fetch(path, { headers: { authorization: `Bearer ${session.key}` } });
    // A failed early read is not reported here: the query that takes it sees the same failure.
    answer.catch(() => undefined);
    early.set(path, { key: session.key, answer });
  }
}

/** The key the early reads were made with, while one of them is still to be taken. */
export const earlyKey = (): string | null => early.values().next().value?.key ?? null;

/** The early answer to `GET path` with `key`, once: a later read of the same path asks the API again. */
export function takeEarly(key: string, path: string): Promise<Response> | undefined {
  const found = early.get(path);
  if (!found) return undefined;
  early.delete(path);
  return found.key === key ? found.answer : undefined;
}
