import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from './api-key.guard.js';
import { HEALTH, type HealthProbe } from './tokens.js';

/** Liveness, readiness (NATS and Postgres reachable) and Prometheus metrics. */
@Controller()
@Access('public')
export class HealthController {
  constructor(@Inject(HEALTH) private readonly health: HealthProbe) {}

  @Get('healthz')
  live() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    const result = await this.health.ready();
    void res.status(result.ready ? 200 : 503);
    return result;
  }

  @Get('metrics')
  async metrics(@Res({ passthrough: true }) res: FastifyReply) {
    const { contentType, body } = await this.health.metrics();
    void res.header('content-type', contentType);
    return body;
  }
}
