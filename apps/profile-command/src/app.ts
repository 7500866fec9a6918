import { acceptRouteBodies, ProfileCommandHttpModule } from '@chargeplane/charger-adapters';
import { apiRoutes } from '@chargeplane/contracts-api';
import { HttpErrorFilter, httpBodyLimit } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import { NestFactory } from '@nestjs/core';
import { fileURLToPath } from 'node:url';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Registry } from 'prom-client';
import type { ProfileCommandConfig } from './config.schema.js';
import type { composeProfileCommand } from './compose.js';
import { observeHttp } from './http-observability.js';

/** The Nest HTTP application over the composed parts (used by main.ts and by the integration tests). */
export async function createHttpApp(
  config: ProfileCommandConfig,
  parts: Awaited<ReturnType<typeof composeProfileCommand>>,
  log: Logger,
  metrics: Registry,
) {
  const app = await NestFactory.create<NestFastifyApplication>(
    ProfileCommandHttpModule.forRoot({
      profiles: parts.profiles,
      reads: parts.reads,
      registration: parts.registration,
      bulkRegistration: parts.bulkRegistration,
      assignments: parts.assignments,
      tenants: parts.tenants,
      apiKeyTenants: parts.apiKeyTenants,
      idempotency: parts.idempotency,
      auth: { adminKey: config.CHARGEPLANE_ADMIN_KEY },
      health: {
        ready: parts.ready,
        metrics: async () => ({ contentType: metrics.contentType, body: await metrics.metrics() }),
      },
      fleet: parts.fleet,
      compliance: parts.compliance,
      deadLetters: parts.deadLetters,
      consoleDir: config.CONSOLE_DIR ?? fileURLToPath(new URL('../../console/', import.meta.url)),
    }),
    // Bodies stay well below what NATS carries, so no event built from one can be refused by the bus;
    // `/console/` is the console's own address (the route table's `/console`, trailing slash allowed).
    new FastifyAdapter({
      bodyLimit: httpBodyLimit(parts.bus.maxPayload),
      routerOptions: { ignoreTrailingSlash: true },
    }),
    { logger: false },
  );
  acceptRouteBodies(app.getHttpAdapter().getInstance(), apiRoutes);
  observeHttp(app, parts.metrics);
  app.useGlobalFilters(new HttpErrorFilter(log));
  return app;
}
