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

/** One charger's answer within a bulk assignment. */
export interface TargetUpdate {
  chargerId: string;
  status: TargetStatus;
  code: string | null;
}

/** Storage of assignments and their per-charger progress. */
export interface AssignmentStore {
  create(request: AssignmentRequest): Promise<void>;
  /** Records the commands' answers (in one go), unless a charger already got further. */
  setStatuses(assignmentId: string, updates: readonly TargetUpdate[]): Promise<void>;
}

/** The outcome of setting the desired profile on one charger (what the single-charger PUT would answer). */
export type SetOutcome =
  | { status: 'dispatched' | 'deferred' | 'awaiting-connection' | 'unchanged' | 'confirmed' }
  | { status: 'refused' | 'not-found' | 'failed'; code: string };

/**
 * Runs a bulk assignment: the same desired profile on many chargers, `concurrency` at a time (enough for their
 * appends to share group commits), each through the normal per-charger command (so every rule — validation,
 * slots, budget — applies to each).
 * Progress is recorded per charger, the answers that arrive while a write of them is under way going
 * together in the next; confirmation is recorded when the charger's Accepted is stored.
 */
export async function runAssignment(
  request: AssignmentRequest,
  store: AssignmentStore,
  setOne: (chargerId: string) => Promise<SetOutcome>,
  concurrency = 128,
): Promise<void> {
  const queue = request.chargerIds.values();
  let answered: TargetUpdate[] = [];
  let recording: Promise<void> | undefined;
  const record = (): Promise<void> =>
    (recording ??= (async () => {
      while (answered.length > 0) {
        const updates = answered;
        answered = [];
        await store.setStatuses(request.assignmentId, updates).catch((error: unknown) => {
          answered = [...updates, ...answered]; // kept for the next attempt
          throw error;
        });
      }
    })().finally(() => (recording = undefined)));
  const worker = async () => {
    for (let next = queue.next(); !next.done; next = queue.next()) {
      const chargerId = next.value;
      const outcome = await setOne(chargerId).catch((error: unknown): SetOutcome => ({
        status: 'failed',
        code: error instanceof Error ? error.message.slice(0, 200) : 'error',
      }));
      answered.push({ chargerId, status: outcome.status, code: 'code' in outcome ? outcome.code : null });
      void record().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, request.chargerIds.length) }, worker));
  while (recording || answered.length > 0) await (recording ?? record());
}
