import {
  ComplianceFleetReport,
  CompliancePolicyView,
  PutCompliancePolicyBody,
  AssignmentProgress,
  CreateAssignmentAnswer,
  CreateAssignmentBody,
  CreateTenantAnswer,
  CreateTenantBody,
  ErrorBody,
  ProfileRefusalCode,
  PutChargingProfileAnswer,
  PutChargingProfileBody,
  RegisterChargerAnswer,
  RegisterChargerBody,
  Twin,
  TwinPage,
} from '@chargeplane/contracts-api';
import { z } from 'zod';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const errors = {
  400: { description: 'invalid request', ...json(ErrorBody) },
  401: { description: 'missing or unknown API key', ...json(ErrorBody) },
  404: { description: 'no such charger for this tenant', ...json(ErrorBody) },
};
const chargerParam = { name: 'chargerId', in: 'path', required: true, schema: { type: 'string' } };
const profileParams = [
  chargerParam,
  { name: 'chargingProfileId', in: 'path', required: true, schema: { type: 'integer' } },
];
const writeHeaders = [
  { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } },
  {
    name: 'If-Match',
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description:
      'the ETag of the charger resource ("<version>", the charger stream\'s version; W/"<version>" is accepted)',
  },
];
/** Every charger resource, and every answer to a change of one, carries the charger stream's version. */
const etag = {
  ETag: {
    description: 'the charger stream\'s version, "<version>": send it back as If-Match',
    schema: { type: 'string' },
  },
};
const preconditionFailed = {
  412: { description: "If-Match is not the charger stream's current version; nothing changed", ...json(ErrorBody) },
};
/** A refusal's body: its specific code at the top level (`details.reason` repeats it, for earlier clients). */
const RefusalBody = ErrorBody.extend({
  code: ProfileRefusalCode,
  details: z.object({ reason: ProfileRefusalCode.describe('deprecated: the same as code') }).catchall(z.unknown()),
});
const refused = {
  422: {
    description: 'the charger can never accept it; `code` says why (SLOTS_EXCEEDED, FIRMWARE_TOO_OLD, …)',
    ...json(RefusalBody),
  },
};

/** The OpenAPI 3.1 document, generated from the routes' zod contracts (the contracts are the source). */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Chargeplane profile-command API', version: '1.0.0' },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/tenants': {
        post: {
          summary: 'Create a tenant (admin key)',
          requestBody: json(CreateTenantBody),
          responses: { 201: { description: 'created; the key is shown once', ...json(CreateTenantAnswer) }, ...errors },
        },
      },
      '/v1/chargers': {
        post: {
          summary: 'Register a charger',
          parameters: writeHeaders.slice(0, 1),
          requestBody: json(RegisterChargerBody),
          responses: { 201: { description: 'registered', headers: etag, ...json(RegisterChargerAnswer) }, ...errors },
        },
        get: {
          summary: 'List twins',
          responses: { 200: { description: 'a page of twins', ...json(TwinPage) }, ...errors },
        },
      },
      '/v1/chargers/{chargerId}': {
        get: {
          summary: 'The twin of a charger',
          parameters: [chargerParam],
          responses: { 200: { description: 'twin', headers: etag, ...json(Twin) }, ...errors },
        },
      },
      '/v1/chargers/{chargerId}/charging-profiles/{chargingProfileId}': {
        put: {
          summary: 'Set a desired charging profile',
          parameters: [...profileParams, ...writeHeaders],
          requestBody: json(PutChargingProfileBody),
          responses: {
            202: { description: 'accepted for reconciliation', headers: etag, ...json(PutChargingProfileAnswer) },
            ...refused,
            ...preconditionFailed,
            ...errors,
          },
        },
        delete: {
          summary: 'Remove a desired charging profile',
          parameters: [...profileParams, ...writeHeaders],
          responses: {
            202: { description: 'accepted', headers: etag, ...json(PutChargingProfileAnswer) },
            ...preconditionFailed,
            ...errors,
          },
        },
      },
      '/v1/chargers/{chargerId}/charging-profiles': {
        get: {
          summary: 'Desired vs confirmed profiles',
          parameters: [chargerParam],
          responses: { 200: { description: 'profiles with sync state', headers: etag }, ...errors },
        },
      },
      '/v1/charging-profile-assignments': {
        post: {
          summary: 'Assign one profile to many chargers (by ids or tag)',
          parameters: writeHeaders.slice(0, 1),
          requestBody: json(CreateAssignmentBody),
          responses: { 202: { description: 'running', ...json(CreateAssignmentAnswer) }, ...errors },
        },
      },
      '/v1/charging-profile-assignments/{assignmentId}': {
        get: {
          summary: 'Progress of a bulk assignment',
          parameters: [{ name: 'assignmentId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'progress', ...json(AssignmentProgress) }, ...errors },
        },
      },
      '/v1/chargers/{chargerId}/events': {
        get: {
          summary: "The charger's event history, paged",
          parameters: [chargerParam],
          responses: { 200: { description: 'events' }, ...errors },
        },
      },
      '/v1/chargers/{chargerId}/compliance': {
        get: {
          summary: 'GB compliance settings and status',
          parameters: [chargerParam],
          responses: {
            200: { description: 'policy with status and reasons', ...json(CompliancePolicyView) },
            503: { description: 'compliance-gb not answering', ...json(ErrorBody) },
            ...errors,
          },
        },
        put: {
          summary: 'Change GB compliance settings',
          parameters: [chargerParam, ...writeHeaders],
          requestBody: json(PutCompliancePolicyBody),
          responses: {
            200: { description: 'policy with status and reasons', ...json(CompliancePolicyView) },
            503: { description: 'compliance-gb not answering', ...json(ErrorBody) },
            ...errors,
          },
        },
      },
      '/v1/compliance/report': {
        get: {
          summary: "GB compliance of the tenant's fleet",
          responses: {
            200: {
              description: 'counts by status and mode, chargers needing attention',
              ...json(ComplianceFleetReport),
            },
            ...errors,
          },
        },
      },
    },
  };
}
