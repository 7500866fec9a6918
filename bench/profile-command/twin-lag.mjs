// Twin projection lag during a fleet push, seen from outside: for every charger event the push appended, the time
// from its commit (events.recorded_at, PostgreSQL's clock) until device-twin published a twin.changed for that
// charger at that stream version or a later one (the projection may publish only a charger's last state of a batch,
// which covers the versions before it). Same machine, same wall clock. With `busLag`, also the time from commit until
// the event was on CHARGER_EVENTS (a core subscription on the stream's subjects, the event id from its Nats-Msg-Id
// header): the outbox relay's share of the lag. Diagnostic: it is one more delivery of every event for NATS.
import { percentile, round } from '../lib/bench-utils.mjs';

/** Starts recording twin.changed arrivals of one tenant; `lag()` computes the figures once the twin caught up. */
export function recordTwinLag({ bus, subjects, tenantId, db, streamPrefix, busLag = false }) {
  const arrivals = new Map(); // chargerId → [{ version, at }] in arrival order
  const onBus = new Map(); // event id → when it was on the bus
  const busSub = busLag
    ? bus.nc.subscribe(bus.subject(subjects.chargerEventsAll), {
        callback: (_error, message) => {
          const id = message.headers?.get('Nats-Msg-Id');
          if (id && !onBus.has(id)) onBus.set(id, Date.now());
        },
      })
    : null;
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
    stop: () => {
      sub.unsubscribe();
      busSub?.unsubscribe();
    },
    /** Lag of every event committed since the recorder started, in seconds; `missing` = never shown by the twin. */
    async lag() {
      const { rows } = await db.query(
        `SELECT substr(stream_id, 9) AS charger_id, stream_version, event_id::text, type,
                extract(epoch FROM recorded_at) * 1000 AS ms
           FROM events WHERE stream_id LIKE $1 AND recorded_at >= $2`,
        [`charger-${streamPrefix}%`, since],
      );
      const lags = [];
      const busLags = [];
      const byType = new Map(); // event type → its lags
      let missing = 0;
      for (const row of rows) {
        const at = onBus.get(row.event_id);
        if (at !== undefined) busLags.push((at - Number(row.ms)) / 1000);
        const shown = arrivals.get(row.charger_id)?.find((a) => a.version >= row.stream_version);
        if (!shown) {
          missing++;
          continue;
        }
        const lag = (shown.at - Number(row.ms)) / 1000;
        lags.push(lag);
        if (!byType.has(row.type)) byType.set(row.type, []);
        byType.get(row.type).push(lag);
      }
      return {
        events: rows.length,
        missing,
        secondsBehind: figures(lags),
        byType: Object.fromEntries([...byType].map(([type, l]) => [type, { events: l.length, ...figures(l) }])),
        ...(busLag ? { onBusSecondsBehind: { ...figures(busLags), events: busLags.length } } : {}),
      };
    },
  };
}

function figures(lags) {
  return {
    p50: round(percentile(lags, 50), 3),
    p90: round(percentile(lags, 90), 3),
    p99: round(percentile(lags, 99), 3),
    max: lags.length > 0 ? round(Math.max(...lags), 3) : null,
  };
}
