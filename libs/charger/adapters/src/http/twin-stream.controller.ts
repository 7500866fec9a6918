import { apiRoutes as routes } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Controller, Get, Inject, Query, Res, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { TenantId } from './api-key.guard.js';
import { FLEET_API, type FleetApi } from './fleet-api.js';
import { SseSession } from './sse-session.js';

/**
 * `GET /v1/chargers/stream`: server-sent events of the tenant's twin changes (optionally one charger's),
 * in the order device-twin applied them. Auth and tenant come from the API key, as on every route; the
 * stream only ever subscribes to the key's own tenant.
 */
@Controller('v1/chargers')
export class TwinStreamController implements OnModuleDestroy {
  /** Open streams: ended at shutdown, or the HTTP server would wait for these clients forever. */
  private readonly open = new Set<SseSession>();

  constructor(@Inject(FLEET_API) private readonly fleet: FleetApi) {}

  onModuleDestroy(): void {
    for (const session of this.open) session.close();
  }

  @Get('stream')
  async stream(
    @TenantId() tenantId: string,
    @Query(new ZodPipe(routes.twinStream.query)) query: z.infer<typeof routes.twinStream.query>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (query.chargerId) await this.fleet.ownedCharger({ tenantId }, query.chargerId);
    const session = new SseSession(reply.raw, this.fleet.stream);
    const unsubscribe = await this.fleet.changes.subscribe(tenantId, (change) => {
      if (!query.chargerId || change.chargerId === query.chargerId) session.send(change);
    });
    // From here on the response is ours, not Nest's: headers now, events as they come, until the client goes.
    void reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.open.add(session);
    reply.raw.once('close', () => {
      unsubscribe();
      session.close();
      this.open.delete(session);
    });
    session.start();
  }
}
