/** Pages of the console, addressed by the URL hash (the server serves one page: no server-side routes needed). */
export type Route = { page: 'fleet' } | { page: 'admin' } | { page: 'charger'; chargerId: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const charger = /^chargers\/(.+)$/.exec(path);
  if (charger) return { page: 'charger', chargerId: decodeURIComponent(charger[1]!) };
  if (path === 'admin') return { page: 'admin' };
  return { page: 'fleet' };
}

export const hrefOf = (route: Route): string =>
  route.page === 'charger' ? `#/chargers/${encodeURIComponent(route.chargerId)}` : `#/${route.page}`;
