// Set-up of the profile-command benchmark's chargers: registration through `POST /v1/chargers/bulk` with
// platform-generated keys (at most BULK_REGISTRATION_LIMIT rows per request; each key comes back once, on its row),
// a passwords file for the simulator (`passwordsFile` of bench/lib/sim-process.mjs), and the fleet split over the
// edges: one simulator process per edge replica, each with a contiguous block of the fleet's ids.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from '../lib/bench-utils.mjs';

/**
 * `api(method, path, key, body)` answers `{status, body}`; `limit` is the route's row limit. Registers `ids` (all
 * new) in requests of at most `limit` rows; every row must come back `created` with its key. Answers the timing and
 * the keys (id → password).
 */
export async function registerBulk({ api, key, ids, model, tags, limit }) {
  const passwords = {};
  const requests = [];
  const t0 = performance.now();
  for (let from = 0; from < ids.length; from += limit) {
    const rows = ids.slice(from, from + limit).map((chargerId) => ({ chargerId, model, tags }));
    const t = performance.now();
    const answer = await api('POST', '/v1/chargers/bulk', key, { chargers: rows });
    if (answer.status !== 200)
      throw new Error(`bulk registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const bad = answer.body.results.filter((r) => r.status !== 'created' || !r.password);
    if (bad.length > 0)
      throw new Error(`bulk registration: ${bad.length} rows not created, first ${JSON.stringify(bad[0])}`);
    for (const r of answer.body.results) passwords[r.chargerId] = r.password;
    requests.push({ rows: rows.length, seconds: round((performance.now() - t) / 1000, 2) });
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    figures: {
      route: 'POST /v1/chargers/bulk',
      chargers: ids.length,
      seconds: round(seconds, 2),
      perSecond: round(ids.length / seconds),
      requests,
    },
    passwords,
  };
}

/** Writes the keys of `ids` into `dir/name` (JSON id → password) and answers the file's path. */
export function writePasswordsFile(dir, name, passwords, ids) {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(Object.fromEntries(ids.map((id) => [id, passwords[id]]))));
  return file;
}

// charger-sim pads fleet indexes to max(4, digits of its last index): every id here is padded to `width`, and a
// simulator whose last index has fewer digits gets the missing zeros in its prefix.
const simWidth = (last) => Math.max(4, String(last).length);

/** Fleet ids `${prefix}${index padded to width}` for indexes from..to (1-based, inclusive). */
export const fleetIds = (prefix, width, from, to) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(width, '0')}`);

/**
 * The simulator option sets of a fleet of chargers 1..size split into `parts` contiguous blocks, block i on
 * `urls[i % urls.length]`: `{url, idPrefix, startIndex, count, ids}` each (ids as the simulator will make them).
 */
export function fleetParts({ prefix, width, size, urls, parts }) {
  const per = Math.ceil(size / parts);
  const out = [];
  for (let i = 0, from = 1; from <= size; i++, from += per) {
    const to = Math.min(size, from + per - 1);
    out.push({
      url: urls[i % urls.length],
      idPrefix: `${prefix}${'0'.repeat(width - simWidth(to))}`,
      startIndex: from,
      count: to - from + 1,
      ids: fleetIds(prefix, width, from, to),
    });
  }
  return out;
}
