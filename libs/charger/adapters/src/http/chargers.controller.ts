import type {
  ChargerReads,
  ChargerRegistration,
  ChargingProfileCommands,
  RequestContext,
} from '@chargeplane/charger-application';
import { apiRoutes as routes, type PutChargingProfileBody, type RegisterChargerBody } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { IdempotencyStore } from '../persistence/idempotency.store.js';
import type { TenantsRepository } from '../persistence/tenants.repository.js';
import { Access, TenantId } from './api-key.guard.js';
import { etagOf, ifMatchVersion } from './etag.js';
import { RouteHeaders } from './route-headers.js';
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
  createTenant(@Body(new ZodPipe(routes.createTenant.body)) body: z.infer<typeof routes.createTenant.body>) {
    return this.tenants.create(`tnt_${randomUUID().replace(/-/g, '').slice(0, 20)}`, body.name);
  }

  @Get('tenants')
  @Access('admin')
  async listTenants() {
    return { items: await this.tenants.list() };
  }

  @Post('chargers')
  async register(
    @TenantId() tenantId: string,
    @Body(new ZodPipe(routes.registerCharger.body)) body: RegisterChargerBody,
    @RouteHeaders(routes.registerCharger.headers) headers: z.infer<typeof routes.registerCharger.headers>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const key = headers['idempotency-key'];
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
    @Query(new ZodPipe(routes.listChargers.query)) query: z.infer<typeof routes.listChargers.query>,
    @Req() req: FastifyRequest,
  ) {
    return this.reads.list(contextOf(tenantId, req), query);
  }

  @Get('chargers/:chargerId')
  async get(
    @TenantId() tenantId: string,
    @Param(new ZodPipe(routes.getCharger.params)) { chargerId }: z.infer<typeof routes.getCharger.params>,
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
    @Param(new ZodPipe(routes.listProfiles.params)) { chargerId }: z.infer<typeof routes.listProfiles.params>,
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
    @Param(new ZodPipe(routes.putProfile.params)) params: z.infer<typeof routes.putProfile.params>,
    @Body(new ZodPipe(routes.putProfile.body)) body: PutChargingProfileBody,
    @RouteHeaders(routes.putProfile.headers) headers: z.infer<typeof routes.putProfile.headers>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const key = headers['idempotency-key'];
    const expected = ifMatchVersion(headers['if-match']);
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
    @Param(new ZodPipe(routes.deleteProfile.params)) params: z.infer<typeof routes.deleteProfile.params>,
    @RouteHeaders(routes.deleteProfile.headers) headers: z.infer<typeof routes.deleteProfile.headers>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const key = headers['idempotency-key'];
    const expected = ifMatchVersion(headers['if-match']);
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
    @Param(new ZodPipe(routes.chargerEvents.params)) { chargerId }: z.infer<typeof routes.chargerEvents.params>,
    @Query(new ZodPipe(routes.chargerEvents.query)) query: z.infer<typeof routes.chargerEvents.query>,
    @Req() req: FastifyRequest,
  ) {
    return this.reads.events(contextOf(tenantId, req), chargerId, query.fromVersion, query.limit);
  }
}
