import {
  EventsQuery,
  ListChargersQuery,
  ProfilePathParams,
  PutChargingProfileBody,
  RegisterChargerBody,
  ChargerId,
  CreateTenantBody,
} from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { IdempotencyStore } from '../persistence/idempotency.store.js';
import type { TenantsRepository } from '../persistence/tenants.repository.js';
import { Access, TenantId } from './api-key.guard.js';
import type { ChargerApi } from './charger-api.js';
import { CHARGER_API, IDEMPOTENCY, TENANTS } from './tokens.js';

import { ifMatchVersion } from './etag.js';

const correlationOf = (req: FastifyRequest) => String(req.headers['x-correlation-id'] ?? randomUUID());

/** Routes of ARCHITECTURE.md §3 (tenants, chargers, charging profiles, events); logic lives in ChargerApi. */
@Controller('v1')
export class ChargersController {
  constructor(
    @Inject(CHARGER_API) private readonly api: ChargerApi,
    @Inject(TENANTS) private readonly tenants: TenantsRepository,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyStore,
  ) {}

  @Post('tenants')
  @Access('admin')
  @HttpCode(201)
  createTenant(@Body(new ZodPipe(CreateTenantBody)) body: z.infer<typeof CreateTenantBody>) {
    return this.tenants.create(`tnt_${randomUUID().replace(/-/g, '').slice(0, 20)}`, body.name);
  }

  @Post('chargers')
  async register(
    @TenantId() tenantId: string,
    @Body(new ZodPipe(RegisterChargerBody)) body: RegisterChargerBody,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const answer = await this.idempotency.run(tenantId, key, { route: 'register', body }, async () => ({
      status: 201,
      body: await this.api.register({ tenantId, correlationId: correlationOf(req) }, body),
    }));
    void res.status(answer.status);
    return answer.body;
  }

  @Get('chargers')
  list(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(ListChargersQuery)) query: z.infer<typeof ListChargersQuery>,
    @Req() req: FastifyRequest,
  ) {
    return this.api.twins({ tenantId, correlationId: correlationOf(req) }, query);
  }

  @Get('chargers/:chargerId')
  async get(
    @TenantId() tenantId: string,
    @Param('chargerId', new ZodPipe(ChargerId)) chargerId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const twin = await this.api.twin({ tenantId, correlationId: correlationOf(req) }, chargerId);
    void res.header('etag', `W/"${twin.version}"`);
    return twin;
  }

  @Get('chargers/:chargerId/charging-profiles')
  async profiles(
    @TenantId() tenantId: string,
    @Param('chargerId', new ZodPipe(ChargerId)) chargerId: string,
    @Req() req: FastifyRequest,
  ) {
    const twin = await this.api.twin({ tenantId, correlationId: correlationOf(req) }, chargerId);
    return { chargerId, items: twin.profiles, slots: twin.slots, writeBudget: twin.writeBudget };
  }

  @Put('chargers/:chargerId/charging-profiles/:chargingProfileId')
  @HttpCode(202)
  async putProfile(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(ProfilePathParams)) params: z.infer<typeof ProfilePathParams>,
    @Body(new ZodPipe(PutChargingProfileBody)) body: PutChargingProfileBody,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const answer = await this.idempotency.run(tenantId, key, { route: 'put-profile', params, body }, async () => ({
      status: 202,
      body: await this.api.putProfile(
        { tenantId, correlationId: correlationOf(req) },
        params.chargerId,
        params.chargingProfileId,
        body,
        ifMatchVersion(ifMatch),
      ),
    }));
    void res.status(answer.status);
    return answer.body;
  }

  @Delete('chargers/:chargerId/charging-profiles/:chargingProfileId')
  @HttpCode(202)
  async deleteProfile(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(ProfilePathParams)) params: z.infer<typeof ProfilePathParams>,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const answer = await this.idempotency.run(tenantId, key, { route: 'delete-profile', params }, async () => ({
      status: 202,
      body: await this.api.deleteProfile(
        { tenantId, correlationId: correlationOf(req) },
        params.chargerId,
        params.chargingProfileId,
        ifMatchVersion(ifMatch),
      ),
    }));
    void res.status(answer.status);
    return answer.body;
  }

  @Get('chargers/:chargerId/events')
  events(
    @TenantId() tenantId: string,
    @Param('chargerId', new ZodPipe(ChargerId)) chargerId: string,
    @Query(new ZodPipe(EventsQuery)) query: z.infer<typeof EventsQuery>,
    @Req() req: FastifyRequest,
  ) {
    return this.api.events({ tenantId, correlationId: correlationOf(req) }, chargerId, query.fromVersion, query.limit);
  }
}
