import type { AssignmentRequest } from '@chargeplane/charger-application';
import {
  ASSIGNMENT_SHARE_MAX,
  AssignmentShareReply,
  AssignmentShareRequest,
  chargerPartition,
  subjects,
} from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { Subscription } from '@nats-io/transport-node';

/** How often the subscriptions follow the partitions this replica holds. */
const FOLLOW_MS = 1_000;
/** A share's answer waits this long, plus this much per charger, before the chargers are run here instead. */
const SHARE_TIMEOUT_BASE_MS = 30_000;
const SHARE_TIMEOUT_PER_CHARGER_MS = 50;

export interface AssignmentSharesOptions {
  /** The charger partition count (CHARGER_PARTITIONS). */
  partitions: number;
  /** The partitions whose facts this replica takes in now (its fact intake's leases). */
  owned: () => readonly number[];
}

/**
 * Bulk assignments run where the chargers' facts are taken in (docs/architecture.md §7): the replica that runs an
 * assignment keeps the chargers of the partitions it holds and hands each other partition's chargers, in shares of at
 * most `ASSIGNMENT_SHARE_MAX`, to the replica that holds that partition (`charger.assignment.p{k}`, served only by
 * its holder). Each charger's desired write, dispatch and answer then go through one replica's cached state instead
 * of two replicas invalidating each other's. Routing never decides correctness (every append checks the stream's
 * version): a share nobody answers in time, or that fails, is run here, and running a charger twice is `unchanged`.
 */
export class AssignmentShares {
  readonly #served = new Map<number, Subscription>();
  #follow: NodeJS.Timeout | undefined;
  #run: ((request: AssignmentRequest) => Promise<void>) | undefined;

  constructor(
    private readonly bus: NatsBus,
    private readonly options: AssignmentSharesOptions,
    private readonly log: Logger,
  ) {}

  /** Serves the shares of the partitions this replica holds, with `run` (the assignment run, for its chargers). */
  start(run: (request: AssignmentRequest) => Promise<void>): void {
    this.#run = run;
    this.#followOwnership();
    this.#follow = setInterval(() => this.#followOwnership(), FOLLOW_MS);
  }

  stop(): void {
    clearInterval(this.#follow);
    for (const subscription of this.#served.values()) subscription.unsubscribe();
    this.#served.clear();
  }

  /**
   * Runs `request` over the replicas: `runHere` for the chargers of partitions this replica holds (and for any share
   * that another replica did not run), a share request for each other partition's chargers.
   */
  async run(request: AssignmentRequest, runHere: (chargerIds: string[]) => Promise<void>): Promise<void> {
    const owned = new Set(this.options.owned());
    const here: string[] = [];
    const elsewhere = new Map<number, string[]>();
    for (const chargerId of request.chargerIds) {
      const k = chargerPartition(chargerId, this.options.partitions);
      if (owned.has(k)) here.push(chargerId);
      else elsewhere.set(k, [...(elsewhere.get(k) ?? []), chargerId]);
    }
    const shares = [...elsewhere].flatMap(([k, ids]) =>
      chunks(ids, ASSIGNMENT_SHARE_MAX).map((chargerIds) => this.#share(k, request, chargerIds, runHere)),
    );
    await Promise.all([here.length > 0 ? runHere(here) : undefined, ...shares]);
  }

  async #share(
    k: number,
    request: AssignmentRequest,
    chargerIds: string[],
    runHere: (chargerIds: string[]) => Promise<void>,
  ): Promise<void> {
    const share: AssignmentShareRequest = {
      assignmentId: request.assignmentId,
      tenantId: request.tenantId,
      connectorId: request.connectorId,
      chargingProfile: request.chargingProfile,
      chargerIds,
    };
    const timeoutMs = SHARE_TIMEOUT_BASE_MS + SHARE_TIMEOUT_PER_CHARGER_MS * chargerIds.length;
    try {
      await this.bus.request(subjects.assignmentShare(k), share, AssignmentShareReply, timeoutMs);
    } catch (err) {
      // No holder (a handover under way), or it failed or did not answer: the chargers are run here.
      this.log.info(
        { err, assignmentId: request.assignmentId, partition: k, chargers: chargerIds.length },
        'assignment share not run by its partition holder: running it here',
      );
      await runHere(chargerIds);
    }
  }

  #followOwnership(): void {
    const owned = new Set(this.options.owned());
    for (const [k, subscription] of this.#served)
      if (!owned.has(k)) {
        subscription.unsubscribe();
        this.#served.delete(k);
      }
    for (const k of owned) {
      if (this.#served.has(k)) continue;
      // A queue group: while a handover has two replicas subscribed, one of them runs each share.
      const subscription = this.bus.serve(
        subjects.assignmentShare(k),
        AssignmentShareRequest,
        async (share): Promise<AssignmentShareReply> => {
          await this.#run!(share);
          return { ran: share.chargerIds.length };
        },
        { queue: 'profile-command' },
      );
      this.#served.set(k, subscription);
    }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
