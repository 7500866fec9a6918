import {
  AssignmentPathParams,
  ChargerPathParams,
  ChargerProfilesAnswer,
  IdempotencyHeaders,
  WriteHeaders,
} from './api-schemas.js';
import {
  AssignmentProgress,
  CreateAssignmentAnswer,
  CreateAssignmentBody,
  ProfilePathParams,
  PutChargingProfileAnswer,
  PutChargingProfileBody,
} from './charger-routes.js';
import { errorResponses as e, route, tenantErrors } from './route-contract.js';
import { etag, refused, gbUnavailable } from './route-answers.js';

/** Desired charging profiles: one charger at a time, or many by assignment. */
export const profileRoutes = {
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
};
