// Twin projection lag during a fleet push, seen from outside: for every charger event the push appended, the time
// from its commit (events.recorded_at, PostgreSQL's clock) until device-twin published a twin.changed for that
// charger at that stream version or a later one (the projection may publish only a charger's last state of a batch,
// which covers the versions before it). Same machine, same wall clock.
import { percentile, round } from '../lib/bench-utils.mjs';

/** Starts recording twin.changed arrivals of one tenant; `lag()` computes the figures once the twin caught up. */
export function recordTwinLag({ bus, subjects, tenantId, db, streamPrefix }) {
  const arrivals = new Map(); // chargerId → [{ version, at }] in arrival order
  const sub = bus.nc.subscribe(bus.subject(subjects.twinChanged(tenantId)), {
    callback: (_error, message) => {
      const change = message.json();
      const list = arrivals.get(change.chargerId) ?? [];
      list.push({ version: change.version, at: Date.now() });
      arrivals.set(change.chargerId, list);
    },
  });
  const since = new Date();
  return {
    stop: () => sub.unsubscribe(),
    /** Lag of every event committed since the recorder started, in seconds; `missing` = never shown by the twin. */
    async lag() {
      const { rows } = await db.query(
        `SELECT substr(stream_id, 9) AS charger_id, stream_version, extract(epoch FROM recorded_at) * 1000 AS ms
           FROM events WHERE stream_id LIKE $1 AND recorded_at >= $2`,
        [`charger-${streamPrefix}%`, since],
      );
      const lags = [];
      let missing = 0;
      for (const row of rows) {
        const shown = arrivals.get(row.charger_id)?.find((a) => a.version >= row.stream_version);
        if (shown) lags.push((shown.at - Number(row.ms)) / 1000);
        else missing++;
      }
      return {
        events: rows.length,
        missing,
        secondsBehind: {
          p50: round(percentile(lags, 50), 3),
          p90: round(percentile(lags, 90), 3),
          p99: round(percentile(lags, 99), 3),
          max:
            lags.length > 0
              ? round(
                  lags.reduce((a, b) => Math.max(a, b)),
                  3,
                )
              : null,
        },
      };
    },
  };
}
