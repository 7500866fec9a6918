import {
  AssignmentProgress,
  ChargerProfilesAnswer,
  ComplianceFleetReport,
  CompliancePolicyView,
  EventsPage,
  Twin,
  TwinPage,
  TwinSummary,
} from '@chargeplane/contracts-api';
import type { QueryClient } from '@tanstack/react-query';
import { request } from './client.js';
import { complianceReportPath, summaryPath } from './early-requests.js';
import { fleetPath, noFleetFilters, type FleetFilters } from './fleet-path.js';

export { fleetPath, noFleetFilters, type FleetFilters } from './fleet-path.js';

const id = (chargerId: string) => encodeURIComponent(chargerId);

export const api = (key: string) => ({
  summary: () => request(key, summaryPath, { schema: TwinSummary }),
  complianceReport: () => request(key, complianceReportPath, { schema: ComplianceFleetReport }),
  fleet: (f: FleetFilters, cursor: string | null) => request(key, fleetPath(f, cursor), { schema: TwinPage }),
  twin: (chargerId: string) => request(key, `/v1/chargers/${id(chargerId)}`, { schema: Twin }),
  profiles: (chargerId: string) =>
    request(key, `/v1/chargers/${id(chargerId)}/charging-profiles`, { schema: ChargerProfilesAnswer }),
  events: (chargerId: string, fromVersion: number, limit: number) =>
    request(key, `/v1/chargers/${id(chargerId)}/events?fromVersion=${fromVersion}&limit=${limit}`, {
      schema: EventsPage,
    }),
  compliance: (chargerId: string) =>
    request(key, `/v1/chargers/${id(chargerId)}/compliance`, { schema: CompliancePolicyView }),
  assignment: (assignmentId: string) =>
    request(key, `/v1/charging-profile-assignments/${assignmentId}`, { schema: AssignmentProgress }),
});

/** The fleet page's queries (keys and reads), shared by the page and by the prefetch before it renders. */
export const fleetQueries = {
  summary: (key: string) => ({ queryKey: ['summary'], queryFn: api(key).summary }),
  complianceReport: (key: string) => ({ queryKey: ['compliance-report'], queryFn: api(key).complianceReport }),
  page: (key: string, filters: FleetFilters, cursor: string | null) => ({
    queryKey: ['fleet', filters, cursor] as const,
    queryFn: () => api(key).fleet(filters, cursor),
  }),
};

/** Puts the fleet page's first reads into the query cache now, so the page finds them on its first render. */
export function prefetchFleetPage(queries: QueryClient, key: string): void {
  void queries.prefetchQuery(fleetQueries.summary(key));
  void queries.prefetchQuery({ ...fleetQueries.complianceReport(key), retry: false });
  void queries.prefetchQuery(fleetQueries.page(key, noFleetFilters, null));
}
