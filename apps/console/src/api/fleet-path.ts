/** The fleet filters the console sends (the API's ListChargersQuery, as strings). */
export interface FleetFilters {
  connected: '' | 'true' | 'false';
  outOfSync: '' | 'true' | 'false';
  budgetExhausted: '' | 'true' | 'false';
  tag: string;
  idPrefix: string;
  limit: number;
}

/** What the fleet page shows when it opens: no filter, 50 rows. */
export const noFleetFilters: FleetFilters = {
  connected: '',
  outOfSync: '',
  budgetExhausted: '',
  tag: '',
  idPrefix: '',
  limit: 50,
};

export const fleetPath = (f: FleetFilters, cursor: string | null): string => {
  const q = new URLSearchParams();
  for (const name of ['connected', 'outOfSync', 'budgetExhausted', 'tag', 'idPrefix'] as const)
    if (f[name].trim() !== '') q.set(name, f[name].trim());
  q.set('limit', String(f.limit));
  if (cursor) q.set('cursor', cursor);
  return `/v1/chargers?${q.toString()}`;
};
