import { TwinEvent } from '@chargeplane/contracts-events';
import { TwinChange, TwinSummary } from '../twin-fleet.js';
import { Twin, TwinPage } from '../twin-queries.js';
import { ChargerPathParams, EventsPage, IdempotencyHeaders, TwinStreamQuery } from './api-schemas.js';
import { EventsQuery, ListChargersQuery, RegisterChargerAnswer, RegisterChargerBody } from './charger-routes.js';
import { errorResponses as e, route, tenantErrors } from './route-contract.js';
import {
  BULK_REGISTRATION_BODY_LIMIT_BYTES,
  BULK_REGISTRATION_LIMIT,
  BulkRegisterChargersAnswer,
  BulkRegisterChargersBody,
} from './bulk-registration.js';
import { etag } from './route-answers.js';

/** Registering chargers, their twins, their history and the fleet. */
export const chargerRoutes = {
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
  bulkRegisterChargers: route({
    method: 'POST',
    path: '/v1/chargers/bulk',
    summary: `Register up to ${BULK_REGISTRATION_LIMIT} chargers at once; each row succeeds or fails on its own`,
    tag: 'chargers',
    access: 'tenant',
    headers: IdempotencyHeaders,
    body: BulkRegisterChargersBody,
    alsoAccepts: {
      'text/csv': {
        description:
          'a header row naming the columns (chargerId, model, jurisdiction, password, tags; tags separated by ";"), then one charger per line',
      },
    },
    bodyLimitBytes: BULK_REGISTRATION_BODY_LIMIT_BYTES,
    responses: {
      200: {
        description:
          'one result per input row, in input order: created (with its password, shown once) or error (with a code and where)',
        body: BulkRegisterChargersAnswer,
      },
      ...tenantErrors,
      409: {
        description: 'CONCURRENCY_CONFLICT: a request with this Idempotency-Key is still running',
        body: e[409].body,
      },
      422: {
        description: `BATCH_TOO_LARGE: more than ${BULK_REGISTRATION_LIMIT} rows; MALFORMED_CSV: the CSV cannot be read (the message names the line); VALIDATION_FAILED; IDEMPOTENCY_KEY_REUSED`,
        body: e[422].body,
      },
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
};
