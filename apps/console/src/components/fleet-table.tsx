import type { Twin } from '@chargeplane/contracts-api';
import { memo } from 'react';
import { hrefOf } from '../api/use-route.js';

const ago = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

const Row = memo(function Row({
  twin,
  checked,
  onSelect,
}: {
  twin: Twin;
  checked: boolean;
  onSelect: (id: string, on: boolean) => void;
}) {
  const outOfSync = twin.profiles.filter((p) => p.sync !== 'in-sync').length;
  const budget = twin.writeBudget;
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${twin.chargerId}`}
          checked={checked}
          onChange={(e) => onSelect(twin.chargerId, e.target.checked)}
        />
      </td>
      <th scope="row">
        <a href={hrefOf({ page: 'charger', chargerId: twin.chargerId })}>{twin.chargerId}</a>
      </th>
      <td>{twin.model}</td>
      <td>
        <span className={twin.connected ? 'badge ok' : 'badge off'}>{twin.connected ? 'connected' : 'offline'}</span>
      </td>
      <td>{ago(twin.lastSeenAt)}</td>
      <td>
        {twin.slots.used} / {twin.slots.max ?? '∞'}
      </td>
      <td>{budget ? `${budget.remaining} / ${budget.limit}` : 'unlimited'}</td>
      <td>{outOfSync ? <span className="badge warn">{outOfSync} out of sync</span> : 'in sync'}</td>
      <td>{twin.tags.join(', ')}</td>
    </tr>
  );
});

/** The page of twins; rows re-render only when their twin changes (memo), so live updates stay cheap. */
export function FleetTable({
  twins,
  selected,
  onSelect,
}: {
  twins: Twin[] | null;
  selected: ReadonlySet<string>;
  onSelect: (id: string, on: boolean) => void;
}) {
  return (
    <table className="fleet" data-testid="fleet-table">
      <caption>{twins === null ? 'Loading chargers…' : `${twins.length} chargers on this page`}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">Select</span>
          </th>
          <th scope="col">Charger</th>
          <th scope="col">Model</th>
          <th scope="col">Connection</th>
          <th scope="col">Last seen</th>
          <th scope="col">Slots</th>
          <th scope="col">Write budget left</th>
          <th scope="col">Profiles</th>
          <th scope="col">Tags</th>
        </tr>
      </thead>
      <tbody>
        {twins?.map((t) => (
          <Row key={t.chargerId} twin={t} checked={selected.has(t.chargerId)} onSelect={onSelect} />
        ))}
      </tbody>
    </table>
  );
}
