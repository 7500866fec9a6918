import { ComplianceFleetReport, CompliancePolicyView, PutCompliancePolicyBody } from '../compliance.js';
import { ChargerPathParams, ComplianceReportQuery, WriteHeaders } from './api-schemas.js';
import { errorResponses as e, route, tenantErrors } from './route-contract.js';
import { weakEtag } from './route-answers.js';

/** GB compliance settings and the fleet report. */
export const complianceRoutes = {
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
};
