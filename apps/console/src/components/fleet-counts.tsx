import { useQuery } from '@tanstack/react-query';
import { fleetQueries } from '../api/queries.js';
import type { Session } from '../api/session.js';

/** Connected, out of sync, budget exhausted (twin summary) and non-compliant (GB report) over the whole fleet. */
export function FleetCounts({ session }: { session: Session }) {
  const summary = useQuery(fleetQueries.summary(session.key));
  const report = useQuery({ ...fleetQueries.complianceReport(session.key), retry: false });
  const s = summary.data;
  const counts: [string, number | undefined][] = [
    ['Chargers', s?.total],
    ['Connected', s?.connected],
    ['Out of sync', s?.outOfSync],
    ['Budget exhausted', s?.budgetExhausted],
    ['Non-compliant (GB)', report.data?.byStatus['non-compliant'] ?? (report.data ? 0 : undefined)],
  ];
  return (
    <dl className="counts" aria-label="Fleet counts">
      {counts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-testid={`count-${label}`}>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
