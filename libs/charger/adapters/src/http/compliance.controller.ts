import { randomUUID } from 'node:crypto';
import { apiRoutes as routes, type PutCompliancePolicyBody } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Body, Controller, Get, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { IdempotencyStore } from '../persistence/idempotency.store.js';
import { TenantId } from './api-key.guard.js';
import { COMPLIANCE_API, type ComplianceApi } from './compliance-api.js';
import { ifMatchVersion } from './etag.js';
import { RouteHeaders } from './route-headers.js';
import { IDEMPOTENCY } from './tokens.js';

const correlationOf = (req: FastifyRequest) => String(req.headers['x-correlation-id'] ?? randomUUID());

/** `GET/PUT /v1/chargers/{chargerId}/compliance` and `GET /v1/compliance/report` (GB), answered by compliance-gb. */
@Controller('v1')
export class ComplianceController {
  constructor(
    @Inject(COMPLIANCE_API) private readonly compliance: ComplianceApi,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyStore,
  ) {}

  @Get('chargers/:chargerId/compliance')
  async get(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(routes.getCompliance.params)) { chargerId }: z.infer<typeof routes.getCompliance.params>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.compliance.policy({ tenantId, correlationId: correlationOf(req) }, chargerId);
    void res.header('etag', `W/"${view.version}"`);
    return view;
  }

  @Put('chargers/:chargerId/compliance')
  async put(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(routes.putCompliance.params)) { chargerId }: z.infer<typeof routes.putCompliance.params>,
    @Body(new ZodPipe(routes.putCompliance.body)) body: PutCompliancePolicyBody,
    @RouteHeaders(routes.putCompliance.headers) headers: z.infer<typeof routes.putCompliance.headers>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const answer = await this.idempotency.run(
      tenantId,
      headers['idempotency-key'],
      { route: 'put-compliance', chargerId, body },
      async () => ({
        status: 200,
        body: await this.compliance.putPolicy(
          { tenantId, correlationId: correlationOf(req) },
          chargerId,
          body,
          ifMatchVersion(headers['if-match']),
        ),
      }),
    );
    const version = (answer.body as { version?: unknown }).version;
    if (typeof version === 'number') void res.header('etag', `W/"${version}"`);
    void res.status(answer.status);
    return answer.body;
  }

  @Get('compliance/report')
  report(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(routes.complianceReport.query)) query: z.infer<typeof routes.complianceReport.query>,
    @Req() req: FastifyRequest,
  ) {
    return this.compliance.report({ tenantId, correlationId: correlationOf(req) }, query.limit);
  }
}
