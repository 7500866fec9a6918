import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  aTxDefaultProfileBody,
  eventually,
  provideInfra,
  startLocalPostgres,
  type LocalPostgres,
} from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const profile = aTxDefaultProfileBody(7);

/**
 * The fault drill's finding: profile-command exited (code 1) when PostgreSQL restarted. On a PostgreSQL of the
 * test's own, restarted under a running composition: nothing escapes as an uncaught error, /readyz says not ready
 * while it is away, requests answer 503 DATABASE_UNAVAILABLE, and everything works again once it is back.
 */
describe('profile-command across a PostgreSQL restart', () => {
  let pg: LocalPostgres;
  let t: TestApp;
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);

  beforeAll(async () => {
    pg = await startLocalPostgres(ROOT, await mkdtemp(join(tmpdir(), 'cp-pgrestart-')));
    const infra = await provideInfra({ postgres: true, nats: true }, { ...process.env, DATABASE_URL: pg.databaseUrl });
    t = await startTestApp({}, infra, { prepare: true });
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
  }, 240_000);
  afterAll(async () => {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    await t?.stop();
    await t?.infra.stop();
    await pg?.stop();
  }, 120_000);

  it('stays up, answers 503 while PostgreSQL is away, and accepts a PUT again once it is back', async () => {
    const key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'A' })).body['apiKey']);
    expect((await t.call('POST', '/v1/chargers', key, { chargerId: 'R-1', model: 'zappi' })).status).toBe(201);
    expect((await t.call('GET', '/readyz', null)).status).toBe(200);

    await pg.stopServer();
    const away = await eventually(async () => {
      const res = await t.call('GET', '/readyz', null);
      return res.status === 503 ? res : undefined;
    }, 60_000);
    expect(away.body).toMatchObject({ ready: false, checks: { postgres: false } });
    // Long enough away for the timers' passes (wake-ups every second, the relay's poll) to meet it: their failures
    // must be handled, not left to end the process.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const refused = await t.call('PUT', '/v1/chargers/R-1/charging-profiles/7', key, profile);
    expect(refused).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' } });

    await pg.startServer();
    await eventually(async () => ((await t.call('GET', '/readyz', null)).status === 200 ? true : undefined), 60_000);
    // Pool connections cut by the restart may still be handed out once each: those answer 503 and are replaced.
    const accepted = await eventually(async () => {
      const res = await t.call('PUT', '/v1/chargers/R-1/charging-profiles/7', key, profile);
      return res.status === 503 ? undefined : res;
    }, 60_000);
    expect(accepted).toMatchObject({ status: 202, body: { status: 'awaiting-connection' } });
    expect(escaped).toEqual([]);
  }, 240_000);
});
