// The medians the profile-command benchmark prints and stores (bench/results/profile-command.json).
import { median } from '../lib/bench-utils.mjs';

/** Statements sent per app between two `queryCounts()` readings. */
export const countsSince = (before, after) =>
  before && after ? Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]])) : null;

export function summariseSingle(samples) {
  const pick = (key, q) => median(samples.map((s) => s[key][q]));
  const out = {};
  for (const key of [
    'putToHttp202Ms',
    'putToAcceptedMs',
    'putToAcceptedEventMs',
    'putToTwinInSyncMs',
    'putToGetInSyncMs',
  ])
    out[key] = { p50: pick(key, 'p50'), p99: pick(key, 'p99') };
  out.failures = samples.reduce((s, x) => s + x.failures, 0);
  return out;
}

export function summariseFleet(f) {
  const m = (key) => median(f.pushes.map((p) => p[key]));
  return {
    chargers: f.chargers,
    registrationPerSecond: f.registration?.perSecond ?? null,
    allConfirmedS: m('allConfirmedS'),
    confirmedPerSecond: m('confirmedPerSecond'),
    perChargerP50Ms: median(f.pushes.map((p) => p.perChargerMs.p50)),
    perChargerP99Ms: median(f.pushes.map((p) => p.perChargerMs.p99)),
    notConfirmed: Math.max(...f.pushes.map((p) => p.total - p.confirmed)),
    twinSecondsBehindP99: median(f.pushes.map((p) => p.twinLag?.secondsBehind.p99 ?? null).filter((x) => x !== null)),
  };
}
