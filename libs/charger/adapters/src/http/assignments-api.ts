import { randomUUID } from 'node:crypto';
import {
  refuseBrokenProfile,
  runAssignment,
  type AssignmentRequest,
  type ChargingProfileCommands,
  type RequestContext,
  type SetOutcome,
} from '@chargeplane/charger-application';
import {
  NotFoundError,
  PlatformError,
  ProfileRefusedError,
  type CreateAssignmentBody,
} from '@chargeplane/contracts-api';
import type { Logger } from '@chargeplane/platform-observability';
import type { AssignmentsRepository } from '../persistence/assignments.repository.js';
import type { ChargerDirectory } from '../persistence/charger-directory.js';
import type { AssignmentShares } from '../nats/assignment-shares.js';

/** Bulk assignment: one profile to many chargers (by ids or tag), run in the background with progress. */
export class AssignmentsApi {
  constructor(
    private readonly profiles: ChargingProfileCommands,
    private readonly directory: ChargerDirectory,
    private readonly assignments: AssignmentsRepository,
    private readonly log: Logger,
    /** Replicas share a run by charger partition; without it, this replica runs every charger. */
    private readonly shares?: AssignmentShares,
  ) {}

  async create(ctx: RequestContext, body: CreateAssignmentBody): Promise<{ assignmentId: string; total: number }> {
    // A profile no charger could take is refused for the whole request; each charger's own rules run per charger.
    refuseBrokenProfile(body.connectorId, body.chargingProfile);
    const chargerIds =
      body.tag !== undefined ? await this.directory.idsOf(ctx.tenantId, body.tag) : [...new Set(body.chargerIds)];
    if (chargerIds.length === 0)
      throw new PlatformError(
        'VALIDATION_FAILED',
        body.tag !== undefined ? `no charger has the tag "${body.tag}"` : 'no chargers given',
      );
    const request = {
      assignmentId: `asg_${randomUUID()}`,
      tenantId: ctx.tenantId,
      connectorId: body.connectorId,
      chargingProfile: body.chargingProfile,
      chargerIds,
    };
    await this.assignments.create(request);
    this.start(request);
    return { assignmentId: request.assignmentId, total: chargerIds.length };
  }

  /** Finishes runs a restart interrupted (the per-charger command is idempotent: repeats are `unchanged`). */
  async resumeUnfinished(): Promise<number> {
    const unfinished = await this.assignments.unfinished();
    for (const request of unfinished) this.start(request);
    return unfinished.length;
  }

  /**
   * Runs an assignment (or another replica's share of one) for its chargers in this replica: each charger through
   * the per-charger command, its outcome recorded in the progress. Resolves once every outcome is recorded.
   */
  runHere(request: AssignmentRequest): Promise<void> {
    const body = { connectorId: request.connectorId, chargingProfile: request.chargingProfile };
    const ctx = { tenantId: request.tenantId, correlationId: request.assignmentId };
    return runAssignment(request, this.assignments, (chargerId) => this.setOne(ctx, chargerId, body));
  }

  /** Runs in the background, shared with the other replicas by charger partition when there are any. */
  private start(request: AssignmentRequest): void {
    const run = this.shares
      ? this.shares.run(request, (chargerIds) => this.runHere({ ...request, chargerIds }))
      : this.runHere(request);
    run.catch((err: unknown) => this.log.error({ err, assignmentId: request.assignmentId }, 'assignment run failed'));
  }

  async progress(ctx: RequestContext, assignmentId: string) {
    const progress = await this.assignments.progress(ctx.tenantId, assignmentId);
    if (!progress) throw new NotFoundError(`assignment ${assignmentId} not found`);
    return progress;
  }

  private async setOne(
    ctx: RequestContext,
    chargerId: string,
    body: Pick<CreateAssignmentBody, 'connectorId' | 'chargingProfile'>,
  ): Promise<SetOutcome> {
    try {
      const answer = await this.profiles.put(ctx, chargerId, body.chargingProfile.chargingProfileId, {
        connectorId: body.connectorId,
        chargingProfile: body.chargingProfile,
      });
      if (answer.status !== 'unchanged') return { status: answer.status };
      // Unchanged: either already on the device (done) or still on its way.
      return {
        status: (await this.profiles.stillPending(chargerId, body.chargingProfile.chargingProfileId))
          ? 'unchanged'
          : 'confirmed',
      };
    } catch (error) {
      if (error instanceof NotFoundError) return { status: 'not-found', code: 'NOT_FOUND' };
      // The same code as the single-charger PUT's 422 (SLOTS_EXCEEDED, FIRMWARE_TOO_OLD, …).
      if (error instanceof ProfileRefusedError) return { status: 'refused', code: error.code };
      if (error instanceof PlatformError && error.code === 'PROFILE_REFUSED')
        return { status: 'refused', code: String(error.details['reason'] ?? error.code) };
      throw error;
    }
  }
}
