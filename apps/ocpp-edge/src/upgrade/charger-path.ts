import { ChargerId } from '@chargeplane/contracts-api';

/**
 * Where an upgrade request points: a charger id, and the tenant namespace when the URL names one (`tenantId` is
 * absent on the plain `/ocpp/{chargerId}` form), or why it names no charger.
 */
export type ChargerPath =
  | { readonly ok: true; readonly chargerId: string; readonly tenantId?: string }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

const PREFIX = '/ocpp/';
// Tenant ids are minted by profile-command (`tnt_` + hex); this only bounds what could ever name one, so a
// namespace that can never exist is answered 404 without asking the directory.
const TENANT_ID = /^[A-Za-z0-9._:~-]{1,64}$/;
const NO_SUCH_CHARGER = { ok: false, status: 404, reason: 'no such charger' } as const;

/**
 * Reads the charge point identity from `/ocpp/{chargerId}` (OCPP-J §3) or `/ocpp/{tenantId}/{chargerId}`. The path
 * is split into raw segments before each is percent-decoded, so a `/` inside an id must travel as `%2F`. Anything
 * else (empty segments, more segments, an id or tenant the registration could never have accepted) is answered like
 * an unknown charger (404), without asking anyone; broken percent-encoding is a malformed request (400).
 */
export function parseChargerPath(url: string | undefined): ChargerPath {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  if (!path.startsWith(PREFIX)) return { ok: false, status: 404, reason: 'not an OCPP endpoint' };
  const segments = path.slice(PREFIX.length).split('/');
  if (segments.length > 2 || segments.includes('')) {
    return { ok: false, status: 404, reason: 'expected /ocpp/{chargerId} or /ocpp/{tenantId}/{chargerId}' };
  }
  const decoded = segments.map(decodeSegment);
  const [first, second] = decoded;
  if (first === undefined || decoded.includes(undefined)) {
    return { ok: false, status: 400, reason: 'the path is not valid percent-encoding' };
  }
  const chargerId = second ?? first;
  if (!ChargerId.safeParse(chargerId).success) return NO_SUCH_CHARGER;
  if (second === undefined) return { ok: true, chargerId };
  if (!TENANT_ID.test(first)) return NO_SUCH_CHARGER;
  return { ok: true, chargerId, tenantId: first };
}

function decodeSegment(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
