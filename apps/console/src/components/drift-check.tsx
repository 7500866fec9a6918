import { TwinEvent } from '@chargeplane/contracts-events';
import { useMutation } from '@tanstack/react-query';
import { ApiError, request } from '../api/client.js';
import type { Session } from '../api/session.js';

type Report = TwinEvent['data'];

const differences = (n: number) => (n === 1 ? '1 difference' : `${n} differences`);

/** The report in words: the outcome, then what was compared in the configuration and in the schedule. */
function DriftReport({ type, report }: { type: TwinEvent['type']; report: Report }) {
  const { configuration: c, schedule: s } = report;
  return (
    <div role="status" data-testid="drift-result">
      <p>
        <span className={report.outcome === 'drift' ? 'badge warn' : 'badge ok'} data-testid="drift-outcome">
          {report.outcome}
        </span>{' '}
        checked {new Date(report.checkedAt).toLocaleString()} against twin version {report.twinVersion} ({type})
      </p>
      <ul>
        <li data-testid="drift-configuration">
          Configuration: {c.status}, {c.compared} keys compared, {differences(c.differences.length)}
          {c.reason ? ` (${c.reason})` : ''}
          {c.differences.length ? (
            <ul>
              {c.differences.map((d) => (
                <li key={d.key}>
                  <code>{d.key}</code>: twin {d.twin}, charger {d.device ?? 'unknown key'}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
        <li data-testid="drift-schedule">
          Composite schedule on connector {s.connectorId}: {s.status}, {differences(s.differences.length)}
          {s.reason ? ` (${s.reason})` : ''}
          {s.differences.length ? (
            <ul>
              {s.differences.map((d) => (
                <li key={d.fromSecond}>
                  from +{d.fromSecond} s to +{d.toSecond} s: expected {d.expected ?? 'no limit'}, charger reports{' '}
                  {d.reported ?? 'no limit'} {s.unit}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      </ul>
    </div>
  );
}

/** The drift-check button (POST …/drift-check: free reads of the charger) and its report. */
export function DriftCheck({ session, chargerId }: { session: Session; chargerId: string }) {
  const drift = useMutation({
    mutationFn: () =>
      request(session.key, `/v1/chargers/${encodeURIComponent(chargerId)}/drift-check`, {
        method: 'POST',
        schema: TwinEvent,
      }),
  });
  return (
    <section className="panel" aria-labelledby="drift-title">
      <h2 id="drift-title">Drift check</h2>
      <button type="button" onClick={() => drift.mutate()} disabled={drift.isPending}>
        {drift.isPending ? 'Reading the charger…' : 'Check for drift now'}
      </button>
      {drift.data ? <DriftReport type={drift.data.type} report={drift.data.data} /> : null}
      {drift.error ? (
        <p role="alert" className="error">
          {drift.error instanceof ApiError ? `${drift.error.body.code}: ${drift.error.message}` : String(drift.error)}
        </p>
      ) : null}
    </section>
  );
}
