import { randomUUID } from 'node:crypto';
import { runAssignment, type SetOutcome } from '@chargeplane/charger-application';
import { NotFoundError, PlatformError, type CreateAssignmentBody } from '@chargeplane/contracts-api';
import type { Logger } from '@chargeplane/platform-observability';
import type { AssignmentsRepository } from '../persistence/assignments.repository.js';
import type { ChargerDirectory } from '../persistence/charger-directory.js';
import type { ChargerApi, RequestContext } from './charger-api.js';

/** Bulk assignment: one profile to many chargers (by ids or tag), run in the background with progress. */
export class AssignmentsApi {
  constructor(
    private readonly api: ChargerApi,
    private readonly directory: ChargerDirectory,
    private readonly assignments: AssignmentsRepository,
    private readonly log: Logger,
  ) {}

  async create(ctx: RequestContext, body: CreateAssignmentBody): Promise<{ assignmentId: string; total: number }> {
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
    void runAssignment(request, this.assignments, (chargerId) =>
      this.setOne({ ...ctx, correlationId: request.assignmentId }, chargerId, body),
    ).catch((err: unknown) => this.log.error({ err, assignmentId: request.assignmentId }, 'assignment run failed'));
    return { assignmentId: request.assignmentId, total: chargerIds.length };
  }

  /** Finishes runs a restart interrupted (the per-charger command is idempotent: repeats are `unchanged`). */
  async resumeUnfinished(): Promise<number> {
    const unfinished = await this.assignments.unfinished();
    for (const request of unfinished) {
      const body = { connectorId: request.connectorId, chargingProfile: request.chargingProfile };
      void runAssignment(request, this.assignments, (chargerId) =>
        this.setOne({ tenantId: request.tenantId, correlationId: request.assignmentId }, chargerId, body),
      ).catch((err: unknown) => this.log.error({ err, assignmentId: request.assignmentId }, 'assignment run failed'));
    }
    return unfinished.length;
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
      const answer = await this.api.putProfile(ctx, chargerId, body.chargingProfile.chargingProfileId, {
        connectorId: body.connectorId,
        chargingProfile: body.chargingProfile,
      });
      if (answer.status !== 'unchanged') return { status: answer.status };
      // Unchanged: either already on the device (done) or still on its way.
      return {
        status: (await this.api.stillPending(chargerId, body.chargingProfile.chargingProfileId))
          ? 'unchanged'
          : 'confirmed',
      };
    } catch (error) {
      if (error instanceof NotFoundError) return { status: 'not-found', code: 'NOT_FOUND' };
      if (
        error instanceof PlatformError &&
        (error.code === 'PROFILE_REFUSED' || error.code === 'SMART_CHARGING_NOT_SUPPORTED')
      )
        return { status: 'refused', code: String(error.details['reason'] ?? error.code) };
      throw error;
    }
  }
}
