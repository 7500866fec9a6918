import type { EventEnvelope } from '@chargeplane/contracts-events';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

const OutboxState = z.object({ pending: z.coerce.number(), oldest_seconds: z.coerce.number().nullable() });
const TargetCount = z.object({ status: z.string(), targets: z.coerce.number() });
const OutboxStates = z.array(OutboxState);
const TargetCounts = z.array(TargetCount);

/**
 * profile-command's domain metrics. Writes dispatched and deferred are counted from the charger events once their
 * append has committed (profile-command is the only writer of charger streams; sum over replicas); refusals where
 * the API answers them (http-observability.ts; a bulk assignment's show in `chargeplane_assignment_targets`); the
 * outbox lag as this process's relay publishes (compliance-gb's relay drains the same outbox at times); the outbox
 * and assignment gauges are read from PostgreSQL at scrape time, so every replica reports the same value (aggregate
 * them with `max`).
 */
export class ProfileCommandMetrics {
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly writesDispatched: Counter<'action'>;
  readonly writesDeferred: Counter<'reason'>;
  readonly writesRefused: Counter<'reason'>;
  readonly outboxLag: Histogram<'publisher'>;

  constructor(registry: Registry, db: DataSource) {
    this.httpDuration = new Histogram({
      name: 'chargeplane_http_request_duration_seconds',
      help: 'HTTP API requests by method, route (as registered) and status, from arrival to the answer sent',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.writesDispatched = new Counter({
      name: 'chargeplane_writes_dispatched_total',
      help: 'Writes sent to chargers (they count against the write budget), by OCPP action',
      labelNames: ['action'],
      registers: [registry],
    });
    this.writesDeferred = new Counter({
      name: 'chargeplane_writes_deferred_total',
      help: 'Needed profile writes that wait, by reason: write-budget, awaiting-connection, device-not-ready',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.writesRefused = new Counter({
      name: 'chargeplane_writes_refused_total',
      help: 'Profiles refused with 422 by the API before any write (the charger could never accept them), by refusal code',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.outboxLag = new Histogram({
      name: 'chargeplane_outbox_lag_seconds',
      help: 'From an event recorded in the store to its publication on JetStream by this process, by publisher: `writer` (publish on commit) or `relay` (the outbox relay)',
      labelNames: ['publisher'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    new Gauge({
      name: 'chargeplane_outbox_pending_events',
      help: 'Events in the outbox not yet published, dead letters left out (read at scrape time)',
      registers: [registry],
      async collect() {
        const [row] = await outboxState(db);
        this.set(row?.pending ?? 0);
      },
    });
    new Gauge({
      name: 'chargeplane_outbox_oldest_pending_seconds',
      help: 'Age of the oldest event waiting in the outbox; 0 when it is empty (read at scrape time)',
      registers: [registry],
      async collect() {
        const [row] = await outboxState(db);
        this.set(row?.oldest_seconds ?? 0);
      },
    });
    new Gauge({
      name: 'chargeplane_assignment_targets',
      help: 'Chargers of the profile assignments still in progress, by status (read at scrape time)',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await openTargets(db)) this.set({ status: row.status }, row.targets);
      },
    });
  }

  /** Counts the writes committed events record (dispatched, deferred by reason). */
  recorded(events: readonly EventEnvelope[]): void {
    for (const event of events) {
      if (event.type === 'ChargingProfileWriteDispatched' || event.type === 'ChargerConfigurationWriteDispatched')
        this.writesDispatched.inc({ action: stringField(event.data, 'action') ?? 'ChangeConfiguration' });
      else if (event.type === 'ChargingProfileWriteDeferred')
        this.writesDeferred.inc({ reason: stringField(event.data, 'reason') ?? 'unknown' });
    }
  }

  /** An event the outbox relay published: how long it waited. */
  published(event: EventEnvelope, publisher: 'writer' | 'relay', now = Date.now()): void {
    this.outboxLag.observe({ publisher }, Math.max(0, now - Date.parse(event.recordedAt)) / 1000);
  }
}

function stringField(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

async function outboxState(db: DataSource) {
  return OutboxStates.parse(
    await db.query(
      `SELECT count(*) AS pending,
              extract(epoch FROM now() - min((payload->>'recordedAt')::timestamptz)) AS oldest_seconds
         FROM outbox WHERE dead_lettered_at IS NULL`,
    ),
  );
}

/** Targets of the assignments that still have an open target (the partial index finds those). */
async function openTargets(db: DataSource) {
  return TargetCounts.parse(
    await db.query(
      `SELECT status, count(*) AS targets FROM assignment_targets
        WHERE assignment_id IN (SELECT assignment_id FROM assignment_targets
                                 WHERE status NOT IN ('confirmed', 'refused', 'not-found'))
        GROUP BY status`,
    ),
  );
}
