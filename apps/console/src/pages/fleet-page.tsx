import type { TwinPage } from '@chargeplane/contracts-api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, type FleetFilters } from '../api/queries.js';
import type { Session } from '../api/session.js';
import { followTwinStream, parseChange } from '../api/twin-stream.js';
import { BulkAssignment } from '../components/bulk-assignment.js';
import { FleetCounts } from '../components/fleet-counts.js';
import { FleetTable } from '../components/fleet-table.js';

const noFilters: FleetFilters = { connected: '', outOfSync: '', budgetExhausted: '', tag: '', idPrefix: '', limit: 50 };

/** The fleet: counts, a filtered and paged table of twins, live updates, bulk assignment over a tag or a selection. */
export function FleetPage({ session }: { session: Session }) {
  const client = api(session.key);
  const queries = useQueryClient();
  const [filters, setFilters] = useState(noFilters);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [live, setLive] = useState<{ status: string; changes: number }>({ status: 'connecting', changes: 0 });
  const cursor = cursors.at(-1) ?? null;
  const pageKey = ['fleet', filters, cursor] as const;
  const page = useQuery({ queryKey: pageKey, queryFn: () => client.fleet(filters, cursor) });
  const pageKeyRef = useRef(pageKey);
  pageKeyRef.current = pageKey;

  useEffect(() => {
    let lastSummary = 0;
    return followTwinStream({
      key: session.key,
      onStatus: (status) => setLive((l) => ({ ...l, status })),
      onBatch: (changes) => {
        setLive((l) => ({ ...l, changes: l.changes + changes.size }));
        // Only the rows on screen are parsed and replaced; the counts are re-read at most every 2 s.
        queries.setQueryData<TwinPage>(pageKeyRef.current, (current) => {
          if (!current || !current.items.some((t) => changes.has(t.chargerId))) return current;
          return {
            ...current,
            items: current.items.map((t) => {
              const raw = changes.get(t.chargerId);
              return raw && raw.version > t.version ? parseChange(raw).twin : t;
            }),
          };
        });
        if (Date.now() - lastSummary > 2000) {
          lastSummary = Date.now();
          void queries.invalidateQueries({ queryKey: ['summary'] });
        }
      },
    });
  }, [session.key, queries]);

  const change = (patch: Partial<FleetFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([null]);
  };
  return (
    <section aria-labelledby="fleet-title">
      <h1 id="fleet-title">Fleet</h1>
      <FleetCounts session={session} />
      <p className="live" aria-live="off" data-testid="live-status">
        Live: {live.status}
        {live.changes ? ` · ${live.changes} changes applied` : ''}
      </p>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        {(
          [
            ['connected', 'Connected'],
            ['outOfSync', 'Out of sync'],
            ['budgetExhausted', 'Budget exhausted'],
          ] as const
        ).map(([name, label]) => (
          <label key={name}>
            {label}
            <select
              name={name}
              value={filters[name]}
              onChange={(e) => change({ [name]: e.target.value as FleetFilters['connected'] })}
            >
              <option value="">any</option>
              <option value="true">yes</option>
              <option value="false">no</option>
            </select>
          </label>
        ))}
        <label>
          Tag
          <input name="tag" value={filters.tag} onChange={(e) => change({ tag: e.target.value })} />
        </label>
        <label>
          Charger id starts with
          <input name="idPrefix" value={filters.idPrefix} onChange={(e) => change({ idPrefix: e.target.value })} />
        </label>
        <label>
          Rows per page
          <select value={filters.limit} onChange={(e) => change({ limit: Number(e.target.value) })}>
            {[50, 100, 200, 500].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      </form>
      {page.isError ? (
        <p className="error" role="alert">
          Could not load chargers: {String(page.error)}
        </p>
      ) : null}
      <FleetTable
        twins={page.data?.items ?? null}
        selected={selected}
        onSelect={(id, on) =>
          setSelected((s) => {
            const next = new Set(s);
            if (on) next.add(id);
            else next.delete(id);
            return next;
          })
        }
      />
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, page.data!.nextCursor])}
        >
          Next page
        </button>
      </nav>
      <BulkAssignment session={session} selected={[...selected]} defaultTag={filters.tag} />
    </section>
  );
}
