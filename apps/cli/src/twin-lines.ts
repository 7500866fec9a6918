import type { Twin, TwinChange } from '@chargeplane/contracts-api';

/** The facts of a twin an operator follows, each as a short label. */
function facts(twin: Twin): Record<string, string> {
  const profiles = twin.profiles.map((p) => `#${p.chargingProfileId}@${p.connectorId} ${p.sync}`);
  return {
    link: twin.connected ? 'online' : 'offline',
    firmware: twin.firmwareVersion ?? '?',
    mode: twin.commercialMode === null ? '?' : twin.commercialMode ? 'commercial' : 'home',
    slots: `${twin.slots.used}/${twin.slots.max ?? '∞'}`,
    budget: twin.writeBudget ? `${twin.writeBudget.remaining}/${twin.writeBudget.limit}` : '—',
    profiles: profiles.length > 0 ? profiles.join(', ') : 'none',
    transactions: String(twin.transactions.length),
  };
}

/**
 * One line per change: `HH:MM:SS CP-1 v12 link offline→online · profiles #7@1 pending→in-sync`. With no earlier
 * twin of that charger (the first change seen), every fact is shown.
 */
export function describeChange(
  previous: Twin | undefined,
  change: Pick<TwinChange, 'chargerId' | 'version' | 'twin'>,
): string {
  const now = facts(change.twin);
  const before = previous ? facts(previous) : undefined;
  const parts = Object.entries(now).flatMap(([name, value]) => {
    if (!before) return [`${name} ${value}`];
    return before[name] === value ? [] : [`${name} ${before[name]}→${value}`];
  });
  const time = change.twin.updatedAt.slice(11, 19);
  return `${time} ${change.chargerId} v${change.version} ${parts.length > 0 ? parts.join(' · ') : '(no visible change)'}`;
}
