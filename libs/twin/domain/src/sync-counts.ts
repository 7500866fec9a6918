import type { SyncState } from '@chargeplane/contracts-api';
import type { TwinDoc } from './twin-doc.js';
import { syncStates } from './view.js';

/**
 * How many of the twin's profiles are in each sync state. Sync states depend on the stored document only
 * (not on the time of the query), so the counts can be stored beside it for the fleet summary.
 */
export function syncCounts(doc: TwinDoc): Partial<Record<SyncState, number>> {
  const counts: Partial<Record<SyncState, number>> = {};
  for (const state of syncStates(doc)) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}
