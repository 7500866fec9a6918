import type { Twin } from '@chargeplane/contracts-api';

type Profile = Twin['profiles'][number];

const summary = (p: Record<string, unknown> | null): string => {
  if (!p) return '—';
  const s = p['chargingSchedule'] as
    { chargingRateUnit?: string; chargingSchedulePeriod?: { limit: number }[] } | undefined;
  const limits = s?.chargingSchedulePeriod?.map((x) => x.limit).join(' → ') ?? '?';
  return `${String(p['chargingProfileKind'] ?? '')} · stack ${String(p['stackLevel'] ?? '?')} · ${limits} ${s?.chargingRateUnit ?? ''}`;
};

/** Why a profile is not in sync: the refusal, the failure or the wait. */
export function reasonOf(p: Profile, twin: Pick<Twin, 'writeBudget' | 'connected'>): string {
  if (p.lastError) return `${p.lastError.code}: ${p.lastError.description}`;
  if (p.sync === 'rejected' && p.lastRejection) return `the charger answered ${p.lastRejection.status}`;
  if (p.sync === 'deferred')
    return twin.writeBudget?.nextAvailableAt
      ? `waiting for write budget until ${new Date(twin.writeBudget.nextAvailableAt).toLocaleTimeString()}`
      : 'waiting for the device to be ready';
  if (p.sync === 'awaiting-connection')
    return twin.connected ? 'waiting for its write' : 'waiting for the charger to connect';
  if (p.sync === 'dispatched') return 'sent; waiting for the answer';
  return '';
}

/** Each profile desired vs confirmed, its sync state and the reason it is not in sync. */
export function ProfilesTable({
  twin,
  onEdit,
  onDelete,
}: {
  twin: Twin;
  onEdit: (p: Profile) => void;
  onDelete: (p: Profile) => void;
}) {
  return (
    <table data-testid="profiles-table">
      <caption>Charging profiles: desired vs confirmed</caption>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Connector</th>
          <th scope="col">Purpose</th>
          <th scope="col">Desired</th>
          <th scope="col">Confirmed</th>
          <th scope="col">Sync</th>
          <th scope="col">Reason</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {twin.profiles.length === 0 ? (
          <tr>
            <td colSpan={8}>No profiles.</td>
          </tr>
        ) : null}
        {twin.profiles.map((p) => (
          <tr key={`${p.connectorId}-${p.chargingProfileId}`} data-testid={`profile-${p.chargingProfileId}`}>
            <th scope="row">{p.chargingProfileId}</th>
            <td>{p.connectorId}</td>
            <td>{p.purpose}</td>
            <td>{summary(p.desired)}</td>
            <td>{summary(p.confirmed)}</td>
            <td>
              <span className={`badge sync-${p.sync}`} data-testid={`sync-${p.chargingProfileId}`}>
                {p.sync}
              </span>
            </td>
            <td>{reasonOf(p, twin)}</td>
            <td>
              <button type="button" disabled={!p.desired} onClick={() => onEdit(p)}>
                Edit {p.chargingProfileId}
              </button>{' '}
              <button type="button" disabled={!p.desired} onClick={() => onDelete(p)}>
                Delete {p.chargingProfileId}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
