import { ChargerId } from '@chargeplane/contracts-api';

/** Where an upgrade request points: a charger id, or why it names none. */
export type ChargerPath =
  | { readonly ok: true; readonly chargerId: string }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

const PREFIX = '/ocpp/';

/**
 * Reads the charge point identity from `/ocpp/{percent-encoded id}` (OCPP-J §3). An id that the registration
 * contract could never have accepted is answered like an unknown charger (404), without asking anyone.
 */
export function parseChargerPath(url: string | undefined): ChargerPath {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  if (!path.startsWith(PREFIX)) return { ok: false, status: 404, reason: 'not an OCPP endpoint' };
  const encoded = path.slice(PREFIX.length);
  if (encoded === '' || encoded.includes('/')) return { ok: false, status: 404, reason: 'expected /ocpp/{chargerId}' };
  let chargerId: string;
  try {
    chargerId = decodeURIComponent(encoded);
  } catch {
    return { ok: false, status: 400, reason: 'charger id is not valid percent-encoding' };
  }
  if (!ChargerId.safeParse(chargerId).success) return { ok: false, status: 404, reason: 'no such charger' };
  return { ok: true, chargerId };
}
