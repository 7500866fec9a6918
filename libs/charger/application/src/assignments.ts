import type { ChargingProfile } from '@chargeplane/contracts-ocpp';

/** Where one charger of a bulk assignment stands. */
export type TargetStatus =
  | 'pending'
  | 'dispatched'
  | 'deferred'
  | 'awaiting-connection'
  | 'unchanged'
  | 'confirmed'
  | 'rejected'
  | 'refused'
  | 'not-found'
  | 'failed';

export interface AssignmentRequest {
  assignmentId: string;
  tenantId: string;
  connectorId: number;
  chargingProfile: ChargingProfile;
  chargerIds: string[];
}

/** Storage of assignments and their per-charger progress. */
export interface AssignmentStore {
  create(request: AssignmentRequest): Promise<void>;
  setStatus(assignmentId: string, chargerId: string, status: TargetStatus, code: string | null): Promise<void>;
}

/** The outcome of setting the desired profile on one charger (what the single-charger PUT would answer). */
export type SetOutcome =
  | { status: 'dispatched' | 'deferred' | 'awaiting-connection' | 'unchanged' | 'confirmed' }
  | { status: 'refused' | 'not-found' | 'failed'; code: string };

/**
 * Runs a bulk assignment: the same desired profile on many chargers, `concurrency` at a time, each
 * through the normal per-charger command (so every rule — validation, slots, budget — applies to each).
 * Progress is recorded per charger; confirmation is recorded when the charger's Accepted is stored.
 */
export async function runAssignment(
  request: AssignmentRequest,
  store: AssignmentStore,
  setOne: (chargerId: string) => Promise<SetOutcome>,
  concurrency = 32,
): Promise<void> {
  const queue = [...request.chargerIds];
  const worker = async () => {
    for (let chargerId = queue.shift(); chargerId !== undefined; chargerId = queue.shift()) {
      const outcome = await setOne(chargerId).catch((error: unknown): SetOutcome => ({
        status: 'failed',
        code: error instanceof Error ? error.message.slice(0, 200) : 'error',
      }));
      await store.setStatus(request.assignmentId, chargerId, outcome.status, 'code' in outcome ? outcome.code : null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}
