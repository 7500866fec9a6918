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
import { request } from './client.js';

/** The fleet filters the console sends (the API's ListChargersQuery, as strings). */
export interface FleetFilters {
  connected: '' | 'true' | 'false';
  outOfSync: '' | 'true' | 'false';
  budgetExhausted: '' | 'true' | 'false';
  tag: string;
  idPrefix: string;
  limit: number;
}

export const fleetPath = (f: FleetFilters, cursor: string | null): string => {
  const q = new URLSearchParams();
  for (const name of ['connected', 'outOfSync', 'budgetExhausted', 'tag', 'idPrefix'] as const)
    if (f[name].trim() !== '') q.set(name, f[name].trim());
  q.set('limit', String(f.limit));
  if (cursor) q.set('cursor', cursor);
  return `/v1/chargers?${q.toString()}`;
};

const id = (chargerId: string) => encodeURIComponent(chargerId);

export const api = (key: string) => ({
  summary: () => request(key, '/v1/fleet/summary', { schema: TwinSummary }),
  complianceReport: () => request(key, '/v1/compliance/report?limit=1', { schema: ComplianceFleetReport }),
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
