import { useQuery } from '@tanstack/react-query';
import { api } from '../api/queries.js';
import type { Session } from '../api/session.js';

/** Connected, out of sync, budget exhausted (twin summary) and non-compliant (GB report) over the whole fleet. */
export function FleetCounts({ session }: { session: Session }) {
  const client = api(session.key);
  const summary = useQuery({ queryKey: ['summary'], queryFn: client.summary });
  const report = useQuery({ queryKey: ['compliance-report'], queryFn: client.complianceReport, retry: false });
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
