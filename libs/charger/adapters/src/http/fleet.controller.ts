import { randomUUID } from 'node:crypto';
import { apiRoutes as routes } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { TenantId } from './api-key.guard.js';
import { FLEET_API, type FleetApi } from './fleet-api.js';

const correlationOf = (req: FastifyRequest) => String(req.headers['x-correlation-id'] ?? randomUUID());

/** `GET /v1/fleet/summary` and `POST /v1/chargers/{chargerId}/drift-check`, answered by device-twin. */
@Controller('v1')
export class FleetController {
  constructor(@Inject(FLEET_API) private readonly fleet: FleetApi) {}

  @Get('fleet/summary')
  summary(@TenantId() tenantId: string, @Req() req: FastifyRequest) {
    return this.fleet.summary({ tenantId, correlationId: correlationOf(req) });
  }

  /** Reads are free on the charger (no write budget); the result is also published as a record on TWIN_EVENTS. */
  @Post('chargers/:chargerId/drift-check')
  @HttpCode(200)
  driftCheck(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(routes.driftCheck.params)) { chargerId }: z.infer<typeof routes.driftCheck.params>,
    @Req() req: FastifyRequest,
  ) {
    return this.fleet.driftCheck({ tenantId, correlationId: correlationOf(req) }, chargerId);
  }
}
