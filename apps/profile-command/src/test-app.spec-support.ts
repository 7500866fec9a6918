import 'reflect-metadata';
import { streams } from '@chargeplane/contracts-api';
import { createDataSource, migrate } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger, createMetricsRegistry } from '@chargeplane/platform-observability';
import { provideInfra, TEST_CREDENTIAL_PEPPER, type TestInfra } from '@chargeplane/platform-testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from './app.js';
import { serveDeviceModeCompliance } from './compliance-stub.spec-support.js';
import { composeProfileCommand, profileCommandMigrations } from './compose.js';
import { ProfileCommandConfig } from './config.schema.js';

export const adminKey = 'admin-key-for-tests-0123456789';

export interface TestApp {
  infra: TestInfra;
  app: NestFastifyApplication;
  parts: Awaited<ReturnType<typeof composeProfileCommand>>;
  /** Every route fastify registered (method and URL as registered, e.g. `/v1/chargers/:chargerId`). */
  routes: { method: string; url: string }[];
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    key: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/**
 * profile-command in-process (HTTP via inject) on real PostgreSQL and NATS, isolated for this run. Pass
 * `shared` infrastructure to start a second instance on the same database (a restart); `prepare` migrates shared
 * infrastructure that is still empty (a PostgreSQL of the test's own), and the caller stops it.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  shared?: TestInfra,
  options: { prepare?: boolean } = {},
): Promise<TestApp> {
  const infra = shared ?? (await provideInfra({ postgres: true, nats: true }));
  if (!shared || options.prepare) {
    const db = createDataSource(infra.databaseUrl, profileCommandMigrations);
    await db.initialize();
    await migrate(db);
    await db.destroy();
    const bus = await NatsBus.connect({ url: infra.natsUrl, name: 'setup', prefix: infra.runId });
    await bus.ensureStreams(Object.values(streams));
    await bus.close();
  }
  const config = ProfileCommandConfig.parse({
    NATS_URL: infra.natsUrl,
    NATS_PREFIX: infra.runId,
    DATABASE_URL: infra.databaseUrl,
    CHARGEPLANE_ADMIN_KEY: adminKey,
    CREDENTIAL_PEPPER: TEST_CREDENTIAL_PEPPER,
    ...env,
  });
  const log = createLogger('pc-test', 'silent');
  const metrics = createMetricsRegistry('pc-test');
  const parts = await composeProfileCommand(config, log, metrics);
  // GB chargers' profiles need compliance-gb's answer; `COMPLIANCE_STUB: 'off'` leaves it out.
  const complianceStub = env['COMPLIANCE_STUB'] === 'off' ? null : serveDeviceModeCompliance(parts.bus);
  const app = await createHttpApp(config, parts, log, metrics);
  const routes: TestApp['routes'] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) routes.push({ method, url: r.url });
    });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    infra,
    app,
    parts,
    routes,
    async call(method, url, key, body, headers = {}) {
      const res = await app.inject({
        method,
        url,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
    },
    async stop() {
      complianceStub?.unsubscribe();
      await app.close();
      await parts.stop();
      if (!shared) await infra.stop();
    },
  };
}
