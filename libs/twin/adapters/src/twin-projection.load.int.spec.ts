import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { createDataSource } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { TwinRebuild } from './rebuild/twin-rebuild.js';
import { TwinProjection } from './twin.projection.js';
import { TwinRepository } from './twin.repository.js';
import {
  appendTo,
  disconnect,
  groupBacklog,
  onboarding,
  provideTwinInfra,
  recorder,
  snapshot,
  twinMigrations,
  writeCycle,
  type TwinInfra,
} from './twin-test.spec-support.js';

const CHARGERS = 200;

describe('Twin projection under load (real PostgreSQL and NATS)', () => {
  let t: TwinInfra;
  const published: EventEnvelope[] = [];

  beforeAll(async () => {
    t = await provideTwinInfra();
    for (let i = 0; i < CHARGERS; i++) {
      const id = `L-${String(i).padStart(3, '0')}`;
      const tenant = `tenant-${i % 4}`;
      const history = [
        ...onboarding(id, tenant),
        ...writeCycle(id, tenant, 1, 'Accepted', 2),
        ...writeCycle(id, tenant, 2, i % 3 ? 'Rejected' : 'failed', 3),
        disconnect(id, tenant, 4),
        ...writeCycle(id, tenant, 3, 'Accepted', 5),
      ];
      published.push(...(await appendTo(t.store, id, history)));
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('builds the same twins as a rebuild with two projection instances sharing the partitions, duplicates included', async () => {
    const durable = `load-${t.infra.runId}`;
    const instances = await Promise.all(
      ['one', 'two'].map(async (name) => {
        const db = createDataSource(t.infra.databaseUrl, twinMigrations, 4);
        await db.initialize();
        const bus = await NatsBus.connect({ url: t.infra.natsUrl, name, prefix: t.infra.runId });
        const seen = recorder();
        return {
          db,
          bus,
          seen,
          projection: new TwinProjection(bus, new TwinRepository(db), t.store, createLogger(name, 'silent'), seen),
        };
      }),
    );
    for (const i of instances) await i.projection.start(durable, undefined, { leaseTtlMs: 2000 });
    // The second took its share of the partitions from the first (docs/architecture.md §7).
    await vi.waitFor(() => instances.forEach((i) => expect(i.projection.sharing?.owned.length).toBe(8)), {
      timeout: 20_000,
    });
    // Interleaved by version across chargers, as a busy outbox relay publishes; every fifth event twice.
    const interleaved = [...published].sort(
      (a, b) => a.streamVersion - b.streamVersion || a.chargerId.localeCompare(b.chargerId),
    );
    await Promise.all(
      interleaved.map((e, n) => t.bus.publish(subjects.chargerEvents(e.chargerId), e, n % 5 === 0 ? undefined : e.id)),
    );
    const finalVersion = Math.max(...published.map((e) => e.streamVersion));
    await vi.waitFor(
      async () => {
        const rows = (await t.db.query(`SELECT count(*)::int AS n FROM twins WHERE version = $1`, [finalVersion])) as {
          n: number;
        }[];
        expect(rows[0]?.n).toBe(CHARGERS);
        expect(await groupBacklog(t, durable)).toBe(0);
      },
      { timeout: 60_000, interval: 250 },
    );
    for (const i of instances) {
      await i.projection.stop();
      await i.bus.close();
      await i.db.destroy();
    }
    // Both instances did part of the work; each charger's versions only ever grew.
    expect(instances.every((i) => i.seen.versions.size > 0)).toBe(true);
    for (const i of instances)
      for (const versions of i.seen.versions.values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));

    const incremental = await snapshot(t.db);
    const rebuilt = await new TwinRebuild(t.db, t.store, {
      readBatch: 500,
      writeBatch: 100,
      lockTimeoutMs: 5000,
    }).run();
    expect(rebuilt).toMatchObject({ chargers: CHARGERS, events: published.length, caughtUp: 0 });
    expect(await snapshot(t.db)).toEqual(incremental);
  });
});
