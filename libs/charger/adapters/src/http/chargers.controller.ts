import type {
  ChargerReads,
  ChargerRegistration,
  ChargingProfileCommands,
  RequestContext,
} from '@chargeplane/charger-application';
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
import { etagOf, ifMatchVersion } from './etag.js';
import { CHARGER_READS, CHARGER_REGISTRATION, CHARGING_PROFILES, IDEMPOTENCY, TENANTS } from './tokens.js';

const contextOf = (tenantId: string, req: FastifyRequest): RequestContext => ({
  tenantId,
  correlationId: String(req.headers['x-correlation-id'] ?? randomUUID()),
});

/** A stored (or replayed) answer carries the stream version it left the charger at: that is its ETag. */
function tagWithVersion(res: FastifyReply, body: unknown): void {
  const version = (body as { version?: unknown } | null)?.version;
  if (typeof version === 'number') void res.header('etag', etagOf(version));
}

/**
 * Routes of tenants, chargers, charging profiles and events: HTTP in and out only (the use cases live in
 * charger-application). Every charger resource carries `ETag: "<charger stream version>"`.
 */
@Controller('v1')
export class ChargersController {
  constructor(
    @Inject(CHARGING_PROFILES) private readonly profileCommands: ChargingProfileCommands,
    @Inject(CHARGER_READS) private readonly reads: ChargerReads,
    @Inject(CHARGER_REGISTRATION) private readonly registration: ChargerRegistration,
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
      body: await this.registration.register(contextOf(tenantId, req), body),
    }));
    tagWithVersion(res, answer.body);
    void res.status(answer.status);
    return answer.body;
  }

  @Get('chargers')
  list(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(ListChargersQuery)) query: z.infer<typeof ListChargersQuery>,
    @Req() req: FastifyRequest,
  ) {
    return this.reads.list(contextOf(tenantId, req), query);
  }

  @Get('chargers/:chargerId')
  async get(
    @TenantId() tenantId: string,
    @Param('chargerId', new ZodPipe(ChargerId)) chargerId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { view, version } = await this.reads.twin(contextOf(tenantId, req), chargerId);
    void res.header('etag', etagOf(version));
    return view;
  }

  @Get('chargers/:chargerId/charging-profiles')
  async profiles(
    @TenantId() tenantId: string,
    @Param('chargerId', new ZodPipe(ChargerId)) chargerId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { view, version } = await this.reads.profiles(contextOf(tenantId, req), chargerId);
    void res.header('etag', etagOf(version));
    return view;
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
    const expected = ifMatchVersion(ifMatch);
    const answer = await this.idempotency.run(tenantId, key, { route: 'put-profile', params, body }, async () => ({
      status: 202,
      body: await this.profileCommands.put(
        contextOf(tenantId, req),
        params.chargerId,
        params.chargingProfileId,
        body,
        expected === undefined ? {} : { ifMatch: expected },
      ),
    }));
    tagWithVersion(res, answer.body);
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
    const expected = ifMatchVersion(ifMatch);
    const answer = await this.idempotency.run(tenantId, key, { route: 'delete-profile', params }, async () => ({
      status: 202,
      body: await this.profileCommands.remove(
        contextOf(tenantId, req),
        params.chargerId,
        params.chargingProfileId,
        expected === undefined ? {} : { ifMatch: expected },
      ),
    }));
    tagWithVersion(res, answer.body);
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
    return this.reads.events(contextOf(tenantId, req), chargerId, query.fromVersion, query.limit);
  }
}
