import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/queries.js';
import type { Session } from '../api/session.js';

const pageSize = 20;

/** The charger's event history, newest page first, paged backwards and forwards by stream version. */
export function EventsHistory({ session, chargerId, latest }: { session: Session; chargerId: string; latest: number }) {
  const [top, setTop] = useState<number | null>(null);
  const newest = top ?? latest;
  const from = Math.max(1, newest - pageSize + 1);
  const page = useQuery({
    queryKey: ['events', chargerId, from, newest],
    queryFn: () => api(session.key).events(chargerId, from, newest - from + 1),
  });
  const items = [...(page.data?.items ?? [])].reverse();
  return (
    <section className="panel" aria-labelledby="events-title">
      <h2 id="events-title">Event history</h2>
      <table data-testid="events-table">
        <caption>
          Events {from}–{newest} (newest first)
        </caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Event</th>
            <th scope="col">Occurred</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td>{e.streamVersion}</td>
              <td>{e.type}</td>
              <td>{new Date(e.occurredAt).toLocaleString()}</td>
              <td>
                <code className="data">{JSON.stringify(e.data).slice(0, 160)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Event pages">
        <button
          type="button"
          disabled={top === null || newest >= latest}
          onClick={() => setTop(Math.min(latest, newest + pageSize))}
        >
          Newer events
        </button>
        <button type="button" disabled={from <= 1} onClick={() => setTop(from - 1)}>
          Older events
        </button>
      </nav>
    </section>
  );
}
