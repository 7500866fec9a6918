import type { TwinPage } from '@chargeplane/contracts-api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, memo, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fleetQueries, noFleetFilters, type FleetFilters } from '../api/queries.js';
import type { Session } from '../api/session.js';
import { followTwinStream, parseChange } from '../api/twin-stream.js';
import { FleetCounts } from '../components/fleet-counts.js';
import { FleetTable } from '../components/fleet-table.js';

// The bulk assignment (the profile form and its schemas) is loaded after the table, which it sits below.
const BulkAssignment = memo(
  lazy(() => import('../components/bulk-assignment.js').then((m) => ({ default: m.BulkAssignment }))),
);

/** The fleet: counts, a filtered and paged table of twins, live updates, bulk assignment over a tag or a selection. */
export function FleetPage({ session }: { session: Session }) {
  const queries = useQueryClient();
  const [filters, setFilters] = useState(noFleetFilters);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [live, setLive] = useState<{ status: string; changes: number }>({ status: 'connecting', changes: 0 });
  const cursor = cursors.at(-1) ?? null;
  const pageQuery = fleetQueries.page(session.key, filters, cursor);
  const page = useQuery(pageQuery);
  const pageKeyRef = useRef(pageQuery.queryKey);
  pageKeyRef.current = pageQuery.queryKey;

  // The live stream is opened once the first page has been read and painted: nothing it brings is needed for that.
  const [following, setFollowing] = useState(false);
  const settled = page.status !== 'pending';
  useEffect(() => {
    if (!settled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setFollowing(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [settled]);

  useEffect(() => {
    if (!following) return;
    let lastSummary = 0;
    return followTwinStream({
      key: session.key,
      onStatus: (status) => {
        setLive((l) => ({ ...l, status }));
        // The stream has no replay: what changed before it was (re)opened is read again, then followed from here.
        if (status === 'live')
          for (const queryKey of [['fleet'], ['summary']])
            void queries.invalidateQueries({ queryKey }, { cancelRefetch: false });
      },
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
  }, [following, session.key, queries]);

  const onSelect = useCallback(
    (id: string, on: boolean) =>
      setSelected((s) => {
        const next = new Set(s);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  const selection = useMemo(() => [...selected], [selected]);

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
      <FleetTable twins={page.data?.items ?? null} selected={selected} onSelect={onSelect} />
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
      <Suspense fallback={<p>Loading the bulk assignment…</p>}>
        <BulkAssignment session={session} selected={selection} defaultTag={filters.tag} />
      </Suspense>
    </section>
  );
}
