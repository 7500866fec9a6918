import { randomUUID } from 'node:crypto';
import { ChargerId, PutCompliancePolicyBody } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Body, Controller, Get, Headers, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IdempotencyStore } from '../persistence/idempotency.store.js';
import { TenantId } from './api-key.guard.js';
import { COMPLIANCE_API, type ComplianceApi } from './compliance-api.js';
import { ifMatchVersion } from './etag.js';
import { IDEMPOTENCY } from './tokens.js';

const correlationOf = (req: FastifyRequest) => String(req.headers['x-correlation-id'] ?? randomUUID());
const ReportQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

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
    @Param('chargerId', new ZodPipe(ChargerId)) chargerId: string,
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
    @Param('chargerId', new ZodPipe(ChargerId)) chargerId: string,
    @Body(new ZodPipe(PutCompliancePolicyBody)) body: PutCompliancePolicyBody,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const answer = await this.idempotency.run(
      tenantId,
      key,
      { route: 'put-compliance', chargerId, body },
      async () => ({
        status: 200,
        body: await this.compliance.putPolicy(
          { tenantId, correlationId: correlationOf(req) },
          chargerId,
          body,
          ifMatchVersion(ifMatch),
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
    @Query(new ZodPipe(ReportQuery)) query: z.infer<typeof ReportQuery>,
    @Req() req: FastifyRequest,
  ) {
    return this.compliance.report({ tenantId, correlationId: correlationOf(req) }, query.limit);
  }
}
