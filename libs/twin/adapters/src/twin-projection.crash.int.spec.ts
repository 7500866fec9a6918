import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { createDataSource } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { TwinRebuild } from './rebuild/twin-rebuild.js';
import { TwinProjection, type ProjectionObserver } from './twin.projection.js';
import { TwinRepository } from './twin.repository.js';
import {
  appendTo,
  disconnect,
  groupBacklog,
  onboarding,
  provideTwinInfra,
  snapshot,
  twinMigrations,
  writeCycle,
  type TwinInfra,
} from './twin-test.spec-support.js';

const CHARGERS = 30;
const log = createLogger('twin-crash-test', 'silent');

/** A projection process of its own: its own NATS connection and database pool (tagged, so it can be killed). */
async function projectionProcess(t: TwinInfra, name: string, observer: ProjectionObserver) {
  const url = new URL(t.infra.databaseUrl);
  url.searchParams.set('application_name', name);
  const db = createDataSource(url.toString(), twinMigrations, 4);
  await db.initialize();
  const bus = await NatsBus.connect({ url: t.infra.natsUrl, name, prefix: t.infra.runId });
  const projection = new TwinProjection(bus, new TwinRepository(db), t.store, log, observer);
  return { db, bus, projection };
}

describe('Twin projection after a crash (real PostgreSQL and NATS)', () => {
  let t: TwinInfra;
  const published: EventEnvelope[] = [];
  const publishedTwice = new Set<string>();

  beforeAll(async () => {
    t = await provideTwinInfra();
    for (let i = 0; i < CHARGERS; i++) {
      const id = `K-${String(i).padStart(2, '0')}`;
      const tenant = i % 2 ? 'tenant-a' : 'tenant-b';
      const events = await appendTo(t.store, id, [
        ...onboarding(id, tenant),
        ...writeCycle(id, tenant, 1, 'Accepted', 2),
        ...writeCycle(id, tenant, 2, 'Rejected', 3),
        disconnect(id, tenant, 4),
        ...writeCycle(id, tenant, 3, 'failed', 5),
      ]);
      published.push(...events);
    }
    // Interleave the chargers as the outbox relay would, and publish a tenth of the events twice without a
    // message id (JetStream stores those twice: duplicates the projection must absorb).
    const interleaved = [...published].sort(
      (a, b) => a.streamVersion - b.streamVersion || a.chargerId.localeCompare(b.chargerId),
    );
    for (const [i, e] of interleaved.entries()) {
      await t.bus.publish(subjects.chargerEvents(e.chargerId), e, e.id);
      if (i % 10 === 3) {
        await t.bus.publish(subjects.chargerEvents(e.chargerId), e);
        publishedTwice.add(e.id);
      }
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('ends with twins identical to a clean rebuild when the projection dies mid-batch and restarts', async () => {
    const durable = `crash-${t.infra.runId}`;
    let applied = 0;
    let crashed: Promise<void> | undefined;
    const appliedByFirst = new Set<string>();
    const first = await projectionProcess(t, `${t.infra.runId}-first`, {
      applied: (_doc, envelope) => {
        applied += 1;
        appliedByFirst.add(envelope.id);
        // Die mid-batch: drop the NATS connection (acks of committed work are lost) and kill the database
        // sessions (the transaction in flight rolls back), without any orderly stop.
        if (applied === 120) crashed ??= crash();
      },
      duplicate: () => undefined,
    });
    const crash = async () => {
      await first.bus.nc.close();
      await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
        `${t.infra.runId}-first`,
      ]);
    };
    // A short lease: the second process takes the dead one's partitions over 2 s after its last renewal.
    // It may die while still taking its partitions (start then fails with the closed connection).
    await first.projection.start(durable, undefined, { leaseTtlMs: 2000 }).catch(() => undefined);
    await vi.waitFor(() => expect(crashed).toBeDefined(), { timeout: 10_000 });
    await crashed;
    await first.projection.stop().catch(() => undefined);
    await first.db.destroy().catch(() => undefined);
    expect(await groupBacklog(t, durable)).toBeGreaterThan(0);

    // Committed by the first process but never acknowledged: delivered again, and ignored by version.
    let redelivered = 0;
    const second = await projectionProcess(t, `${t.infra.runId}-second`, {
      applied: () => undefined,
      duplicate: (envelope) => {
        if (appliedByFirst.has(envelope.id) && !publishedTwice.has(envelope.id)) redelivered += 1;
      },
    });
    await second.projection.start(durable, undefined, { leaseTtlMs: 2000 });
    const finalVersion = Math.max(...published.map((e) => e.streamVersion));
    await vi.waitFor(
      async () => {
        expect(await groupBacklog(t, durable)).toBe(0);
        const rows = (await t.db.query(`SELECT count(*)::int AS n FROM twins WHERE version = $1`, [finalVersion])) as {
          n: number;
        }[];
        expect(rows[0]?.n).toBe(CHARGERS);
      },
      { timeout: 45_000, interval: 250 },
    );
    await second.projection.stop();
    await second.bus.close();
    await second.db.destroy();

    expect(redelivered).toBeGreaterThan(0);
    const incremental = await snapshot(t.db);
    const rebuilt = await new TwinRebuild(t.db, t.store, { readBatch: 100, writeBatch: 50, lockTimeoutMs: 5000 }).run();
    expect(rebuilt).toMatchObject({ chargers: CHARGERS, events: published.length, caughtUp: 0 });
    expect(await snapshot(t.db)).toEqual(incremental);
  });
});
