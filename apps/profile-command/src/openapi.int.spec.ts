import { openApiDocument } from '@chargeplane/charger-adapters';
import { apiRoutes, DocsUiFile, type RouteContract } from '@chargeplane/contracts-api';
import { aTxDefaultProfileBody } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

type Operation = { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> };
const document = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
const routeAt = (method: string, path: string): RouteContract | undefined =>
  Object.values(apiRoutes as Record<string, RouteContract>).find((r) => r.method === method && r.path === path);

const profile = aTxDefaultProfileBody(3);

describe('the OpenAPI document against the running server (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  /** The routes fastify registered (its automatic HEAD twins of GET routes left out), in OpenAPI form. */
  let registered: { method: string; path: string; pathParams: string[] }[];

  beforeAll(async () => {
    t = await startTestApp();
    registered = t.routes
      .filter((r) => r.method !== 'HEAD')
      .map((r) => ({
        method: r.method,
        path: r.url.replace(/:(\w+)/g, '{$1}'),
        pathParams: [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
      }));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('documents every route the server registered, with its path parameters', () => {
    expect(registered.length).toBeGreaterThanOrEqual(Object.keys(apiRoutes).length);
    for (const r of registered) {
      const op = document.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path} is registered but not in /docs`).toBeDefined();
      const documented = (op?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(documented.sort(), `${r.method} ${r.path}`).toEqual([...r.pathParams].sort());
    }
  });

  it('registers every documented route', () => {
    const served = new Set(registered.map((r) => `${r.method} ${r.path}`));
    for (const [path, ops] of Object.entries(document.paths))
      for (const method of Object.keys(ops))
        expect(served, `${method} ${path}`).toContain(`${method.toUpperCase()} ${path}`);
  });

  it('answers with documented statuses and bodies of the documented schemas', async () => {
    const check = async (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      template: string,
      url: string,
      key: string | null,
      body?: unknown,
      headers?: Record<string, string>,
    ) => {
      const res = await t.call(method, url, key, body, headers);
      const answer = routeAt(method, template)?.responses[res.status];
      expect(answer, `${method} ${url} answered ${res.status}, which /docs does not list`).toBeDefined();
      answer?.body?.parse(res.body);
      return res;
    };
    const tenant = await check('POST', '/v1/tenants', '/v1/tenants', adminKey, { name: 'docs' });
    const key = String(tenant.body['apiKey']);
    expect((await check('POST', '/v1/tenants', '/v1/tenants', key, { name: 'x' })).status).toBe(403);
    expect(
      (await check('POST', '/v1/chargers', '/v1/chargers', key, { chargerId: 'D-1', model: 'zappi' })).status,
    ).toBe(201);
    expect(
      (await check('POST', '/v1/chargers', '/v1/chargers', key, { chargerId: 'D-1', model: 'zappi' })).status,
    ).toBe(409);
    const put = '/v1/chargers/{chargerId}/charging-profiles/{chargingProfileId}';
    const stale = await check('PUT', put, '/v1/chargers/D-1/charging-profiles/3', key, profile, { 'if-match': '"99"' });
    expect(stale.status).toBe(412);
    expect((await check('PUT', put, '/v1/chargers/D-1/charging-profiles/3', key, profile)).status).toBe(202);
    const events = await check('GET', '/v1/chargers/{chargerId}/events', '/v1/chargers/D-1/events?limit=1', key);
    expect(events.status).toBe(200);
    expect(events.body['nextFromVersion']).toBe(2);
    expect((await check('GET', '/v1/chargers/{chargerId}/events', '/v1/chargers/NOPE/events', key)).status).toBe(404);
    expect((await check('GET', '/v1/chargers', '/v1/chargers?limit=0', key)).status).toBe(422);
    const progress = '/v1/charging-profile-assignments/{assignmentId}';
    expect((await check('GET', progress, '/v1/charging-profile-assignments/nope', key)).status).toBe(422);
    expect((await check('GET', '/readyz', '/readyz', null)).status).toBe(200);
    const malformed = await t.app.inject({
      method: 'PUT',
      url: '/v1/chargers/D-1/charging-profiles/3',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '{"connectorId": 1,',
    });
    expect(malformed.statusCode).toBe(400);
    expect(routeAt('PUT', put)?.responses[400]).toBeDefined();
  });

  it('serves the document at /docs and Swagger UI at /docs/ui from the package, same origin', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.json()).toEqual(openApiDocument());
    const ui = await t.app.inject({ method: 'GET', url: '/docs/ui' });
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    expect(ui.body).toContain('/docs/ui/swagger-ui-bundle.js');
    expect(ui.body).not.toMatch(/https?:\/\//);
    for (const file of DocsUiFile.options) {
      const res = await t.app.inject({ method: 'GET', url: `/docs/ui/${file}` });
      expect(res.statusCode, file).toBe(200);
      expect(res.rawPayload.length, file).toBeGreaterThan(100);
    }
    const init = await t.app.inject({ method: 'GET', url: '/docs/ui/swagger-initializer.js' });
    expect(init.body).toContain("url: '/docs'");
    expect((await t.app.inject({ method: 'GET', url: '/docs/ui/..%2Fpackage.json' })).statusCode).toBe(422);
  });
});
