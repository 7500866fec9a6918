import { z } from 'zod';
import { ConsoleAssetPathParams, DocsUiPathParams, LiveAnswer, ReadyAnswer, TenantList } from './api-schemas.js';
import { CreateTenantAnswer, CreateTenantBody } from './charger-routes.js';
import { errorResponses as e, route, tenantErrors } from './route-contract.js';

/** Tenants (admin key), health, metrics and the API documents. */
export const platformRoutes = {
  createTenant: route({
    method: 'POST',
    path: '/v1/tenants',
    summary: 'Create a tenant (admin key)',
    tag: 'tenants',
    access: 'admin',
    body: CreateTenantBody,
    responses: {
      201: { description: 'created; the key is shown once', body: CreateTenantAnswer },
      ...tenantErrors,
      403: e[403],
    },
  }),
  listTenants: route({
    method: 'GET',
    path: '/v1/tenants',
    summary: 'List the tenants (admin key)',
    tag: 'tenants',
    access: 'admin',
    responses: { 200: { description: 'every tenant, oldest first', body: TenantList }, ...tenantErrors, 403: e[403] },
  }),
  consolePage: route({
    method: 'GET',
    path: '/console',
    summary: 'The operator console (a browser app over this API; /console/ too)',
    tag: 'operations',
    access: 'public',
    responses: {
      200: { description: 'the console page', body: z.string(), contentType: 'text/html' },
      404: { description: 'NOT_FOUND: the console was not built (npm run build)', body: e[404].body },
    },
  }),
  consoleAsset: route({
    method: 'GET',
    path: '/console/assets/{file}',
    summary: "The console's scripts and styles",
    tag: 'operations',
    access: 'public',
    params: ConsoleAssetPathParams,
    responses: {
      200: { description: 'the file', body: z.string(), contentType: '*/*' },
      404: e[404],
      422: e[422],
    },
  }),
  live: route({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'the process is up', body: LiveAnswer } },
  }),
  ready: route({
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: NATS and PostgreSQL reachable',
    tag: 'operations',
    access: 'public',
    responses: {
      200: { description: 'ready', body: ReadyAnswer },
      503: { description: 'not ready; checks say what is missing', body: ReadyAnswer },
    },
  }),
  metrics: route({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'the Prometheus text format', body: z.string(), contentType: 'text/plain' } },
  }),
  docs: route({
    method: 'GET',
    path: '/docs',
    summary: 'This OpenAPI 3.1 document',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'the document', body: z.record(z.string(), z.unknown()) } },
  }),
  docsUi: route({
    method: 'GET',
    path: '/docs/ui',
    summary: 'The interactive API UI (Swagger UI) over this document',
    tag: 'operations',
    access: 'public',
    responses: { 200: { description: 'the UI page', body: z.string(), contentType: 'text/html' } },
  }),
  docsUiFile: route({
    method: 'GET',
    path: '/docs/ui/{file}',
    summary: "The API UI's scripts, styles and icons",
    tag: 'operations',
    access: 'public',
    params: DocsUiPathParams,
    responses: { 200: { description: 'the file', body: z.string(), contentType: '*/*' }, 422: e[422] },
  }),
};
