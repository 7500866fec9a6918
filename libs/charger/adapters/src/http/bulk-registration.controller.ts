import type { ChargerBulkRegistration } from '@chargeplane/charger-application';
import { apiRoutes as routes, type BulkRow } from '@chargeplane/contracts-api';
import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { IdempotencyStore } from '../persistence/idempotency.store.js';
import { TenantId } from './api-key.guard.js';
import { BulkRowsPipe } from './bulk-bodies.js';
import { RouteHeaders } from './route-headers.js';
import { CHARGER_BULK_REGISTRATION, IDEMPOTENCY } from './tokens.js';

/** `POST /v1/chargers/bulk`: fleet onboarding, JSON or CSV, one result per row. */
@Controller('v1/chargers/bulk')
export class BulkRegistrationController {
  constructor(
    @Inject(CHARGER_BULK_REGISTRATION) private readonly registration: ChargerBulkRegistration,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyStore,
  ) {}

  @Post()
  @HttpCode(200)
  async register(
    @TenantId() tenantId: string,
    @Body(new BulkRowsPipe(routes.bulkRegisterChargers.body)) rows: BulkRow[],
    @RouteHeaders(routes.bulkRegisterChargers.headers) headers: z.infer<typeof routes.bulkRegisterChargers.headers>,
    @Req() req: FastifyRequest,
  ) {
    const ctx = { tenantId, correlationId: String(req.headers['x-correlation-id'] ?? randomUUID()) };
    const answer = await this.idempotency.run(
      tenantId,
      headers['idempotency-key'],
      { route: 'bulk-register', rows },
      async () => ({ status: 200, body: await this.registration.register(ctx, rows) }),
    );
    return answer.body;
  }
}
