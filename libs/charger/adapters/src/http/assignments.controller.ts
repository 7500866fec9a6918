import { randomUUID } from 'node:crypto';
import { apiRoutes as routes, type CreateAssignmentBody } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { IdempotencyStore } from '../persistence/idempotency.store.js';
import { TenantId } from './api-key.guard.js';
import type { AssignmentsApi } from './assignments-api.js';
import { RouteHeaders } from './route-headers.js';
import { ASSIGNMENTS_API, IDEMPOTENCY } from './tokens.js';

/** `POST /v1/charging-profile-assignments` and its progress. */
@Controller('v1/charging-profile-assignments')
export class AssignmentsController {
  constructor(
    @Inject(ASSIGNMENTS_API) private readonly assignments: AssignmentsApi,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyStore,
  ) {}

  @Post()
  @HttpCode(202)
  async create(
    @TenantId() tenantId: string,
    @Body(new ZodPipe(routes.createAssignment.body)) body: CreateAssignmentBody,
    @RouteHeaders(routes.createAssignment.headers) headers: z.infer<typeof routes.createAssignment.headers>,
    @Headers('x-correlation-id') correlation: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const answer = await this.idempotency.run(
      tenantId,
      headers['idempotency-key'],
      { route: 'assignment', body },
      async () => ({
        status: 202,
        body: await this.assignments.create({ tenantId, correlationId: correlation ?? randomUUID() }, body),
      }),
    );
    void res.status(answer.status);
    return answer.body;
  }

  @Get(':assignmentId')
  progress(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(routes.assignmentProgress.params))
    { assignmentId }: z.infer<typeof routes.assignmentProgress.params>,
  ) {
    return this.assignments.progress({ tenantId, correlationId: randomUUID() }, assignmentId);
  }
}
