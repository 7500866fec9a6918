import { TwinEvent } from '@chargeplane/contracts-events';
import { z } from 'zod';
import { ErrorBody } from '../errors.js';
import { ComplianceFleetReport, CompliancePolicyView, PutCompliancePolicyBody } from '../compliance.js';
import { TwinChange, TwinSummary } from '../twin-fleet.js';
import { Twin, TwinPage } from '../twin-queries.js';
import {
  AssignmentPathParams,
  ChargerPathParams,
  ChargerProfilesAnswer,
  ComplianceReportQuery,
  DocsUiPathParams,
  EventsPage,
  IdempotencyHeaders,
  LiveAnswer,
  ProfileRefusalBody,
  ReadyAnswer,
  TwinStreamQuery,
  WriteHeaders,
} from './api-schemas.js';
import {
  AssignmentProgress,
  CreateAssignmentAnswer,
  CreateAssignmentBody,
  CreateTenantAnswer,
  CreateTenantBody,
  EventsQuery,
  ListChargersQuery,
  ProfilePathParams,
  PutChargingProfileAnswer,
  PutChargingProfileBody,
  RegisterChargerAnswer,
  RegisterChargerBody,
} from './charger-routes.js';
import { errorResponses as e, route, tenantErrors } from './route-contract.js';

const etag = { etag: { description: 'the charger stream\'s version, "<version>": send it back as If-Match' } };
const weakEtag = { etag: { description: 'the policy\'s version, W/"<version>": send it back as If-Match' } };
const refused = {
  description:
    'VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, or a refusal: the charger can never accept it and `code` says why (SLOTS_EXCEEDED, FIRMWARE_TOO_OLD, …)',
  body: z.union([ProfileRefusalBody, ErrorBody]),
};
const gbUnavailable = {
  description: 'a GB charger: compliance-gb is not answering; nothing changed',
  body: e[503].body,
};

/**
 * Every route of profile-command's HTTP API, declared once: the controllers validate with these schemas and
 * `/docs` is generated from them (a test checks both against the routes the server registers).
 */
export const apiRoutes = {
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
  registerCharger: route({
    method: 'POST',
    path: '/v1/chargers',
    summary: 'Register a charger',
    tag: 'chargers',
    access: 'tenant',
    headers: IdempotencyHeaders,
    body: RegisterChargerBody,
    responses: {
      201: { description: 'registered; the password is shown once', body: RegisterChargerAnswer, headers: etag },
      ...tenantErrors,
      409: {
        description:
          'ILLEGAL_STATE: the charger is already registered; CONCURRENCY_CONFLICT: a request with this Idempotency-Key is still running',
        body: e[409].body,
      },
      422: e[422],
    },
  }),
  listChargers: route({
    method: 'GET',
    path: '/v1/chargers',
    summary: "List the tenant's twins, filtered and paged",
    tag: 'chargers',
    access: 'tenant',
    query: ListChargersQuery,
    responses: { 200: { description: 'a page of twins', body: TwinPage }, ...tenantErrors },
  }),
  twinStream: route({
    method: 'GET',
    path: '/v1/chargers/stream',
    summary: "Live changes of the tenant's twins (server-sent events; each event's data is a TwinChange)",
    tag: 'chargers',
    access: 'tenant',
    query: TwinStreamQuery,
    responses: {
      200: {
        description: 'an event stream, until the client goes',
        body: TwinChange,
        contentType: 'text/event-stream',
      },
      ...tenantErrors,
      404: e[404],
    },
  }),
  getCharger: route({
    method: 'GET',
    path: '/v1/chargers/{chargerId}',
    summary: 'The twin of a charger',
    tag: 'chargers',
    access: 'tenant',
    params: ChargerPathParams,
    responses: { 200: { description: 'the twin', body: Twin, headers: etag }, ...tenantErrors, 404: e[404] },
  }),
  listProfiles: route({
    method: 'GET',
    path: '/v1/chargers/{chargerId}/charging-profiles',
    summary: 'Desired vs confirmed charging profiles',
    tag: 'charging profiles',
    access: 'tenant',
    params: ChargerPathParams,
    responses: {
      200: { description: 'profiles with their sync state', body: ChargerProfilesAnswer, headers: etag },
      ...tenantErrors,
      404: e[404],
    },
  }),
  putProfile: route({
    method: 'PUT',
    path: '/v1/chargers/{chargerId}/charging-profiles/{chargingProfileId}',
    summary: 'Set a desired charging profile',
    tag: 'charging profiles',
    access: 'tenant',
    params: ProfilePathParams,
    headers: WriteHeaders,
    body: PutChargingProfileBody,
    responses: {
      202: { description: 'accepted for reconciliation', body: PutChargingProfileAnswer, headers: etag },
      ...tenantErrors,
      404: e[404],
      409: e[409],
      412: e[412],
      422: refused,
      503: gbUnavailable,
    },
  }),
  deleteProfile: route({
    method: 'DELETE',
    path: '/v1/chargers/{chargerId}/charging-profiles/{chargingProfileId}',
    summary: 'Remove a desired charging profile',
    tag: 'charging profiles',
    access: 'tenant',
    params: ProfilePathParams,
    headers: WriteHeaders,
    responses: {
      202: { description: 'accepted for reconciliation', body: PutChargingProfileAnswer, headers: etag },
      ...tenantErrors,
      404: e[404],
      409: e[409],
      412: e[412],
      422: e[422],
      503: gbUnavailable,
    },
  }),
  chargerEvents: route({
    method: 'GET',
    path: '/v1/chargers/{chargerId}/events',
    summary: "The charger's event history, paged",
    tag: 'chargers',
    access: 'tenant',
    params: ChargerPathParams,
    query: EventsQuery,
    responses: { 200: { description: 'a page of events', body: EventsPage }, ...tenantErrors, 404: e[404] },
  }),
  driftCheck: route({
    method: 'POST',
    path: '/v1/chargers/{chargerId}/drift-check',
    summary: 'Read the charger now and compare it with its twin (free: no write budget)',
    tag: 'chargers',
    access: 'tenant',
    params: ChargerPathParams,
    responses: {
      200: { description: 'the drift record device-twin published', body: TwinEvent },
      ...tenantErrors,
      404: e[404],
      503: e[503],
      504: e[504],
    },
  }),
  fleetSummary: route({
    method: 'GET',
    path: '/v1/fleet/summary',
    summary: "Counts over the tenant's fleet",
    tag: 'chargers',
    access: 'tenant',
    responses: { 200: { description: 'fleet counts', body: TwinSummary }, 401: e[401], 503: e[503], 504: e[504] },
  }),
  createAssignment: route({
    method: 'POST',
    path: '/v1/charging-profile-assignments',
    summary: 'Assign one profile to many chargers (by ids or tag)',
    tag: 'charging profiles',
    access: 'tenant',
    headers: IdempotencyHeaders,
    body: CreateAssignmentBody,
    responses: {
      202: { description: 'running', body: CreateAssignmentAnswer },
      ...tenantErrors,
      409: {
        description: 'CONCURRENCY_CONFLICT: a request with this Idempotency-Key is still running',
        body: e[409].body,
      },
      422: {
        description:
          'no charger could take the profile (code names the rule), no charger matched, or IDEMPOTENCY_KEY_REUSED; what only some chargers cannot take is refused per charger',
        body: e[422].body,
      },
    },
  }),
  assignmentProgress: route({
    method: 'GET',
    path: '/v1/charging-profile-assignments/{assignmentId}',
    summary: 'Progress of a bulk assignment',
    tag: 'charging profiles',
    access: 'tenant',
    params: AssignmentPathParams,
    responses: { 200: { description: 'progress', body: AssignmentProgress }, ...tenantErrors, 404: e[404] },
  }),
  getCompliance: route({
    method: 'GET',
    path: '/v1/chargers/{chargerId}/compliance',
    summary: 'GB compliance settings and status',
    tag: 'compliance',
    access: 'tenant',
    params: ChargerPathParams,
    responses: {
      200: { description: 'policy with status and reasons', body: CompliancePolicyView, headers: weakEtag },
      ...tenantErrors,
      404: e[404],
      503: e[503],
    },
  }),
  putCompliance: route({
    method: 'PUT',
    path: '/v1/chargers/{chargerId}/compliance',
    summary: 'Change GB compliance settings',
    tag: 'compliance',
    access: 'tenant',
    params: ChargerPathParams,
    headers: WriteHeaders,
    body: PutCompliancePolicyBody,
    responses: {
      200: { description: 'policy with status and reasons', body: CompliancePolicyView, headers: weakEtag },
      ...tenantErrors,
      404: e[404],
      412: e[412],
      422: e[422],
      503: e[503],
    },
  }),
  complianceReport: route({
    method: 'GET',
    path: '/v1/compliance/report',
    summary: "GB compliance of the tenant's fleet",
    tag: 'compliance',
    access: 'tenant',
    query: ComplianceReportQuery,
    responses: {
      200: { description: 'counts by status and mode, chargers needing attention', body: ComplianceFleetReport },
      ...tenantErrors,
      503: e[503],
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
