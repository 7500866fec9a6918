import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { createLogger } from '@chargeplane/platform-observability';
import { TwinProjection } from '../twin.projection.js';
import {
  appendTo,
  disconnect,
  onboarding,
  provideTwinInfra,
  recorder,
  snapshot,
  writeCycle,
  type TwinInfra,
} from '../twin-test.spec-support.js';
import { TwinRebuild, type RebuildOptions } from './twin-rebuild.js';

const options: RebuildOptions = { readBatch: 50, writeBatch: 7, lockTimeoutMs: 5000 };
const tenantOf = (i: number) => (i % 2 === 0 ? 'tenant-a' : 'tenant-b');

/** A varied history per charger: every write outcome, reconnects, several profiles. */
function historyOf(chargerId: string, i: number) {
  const tenant = tenantOf(i);
  return [
    ...onboarding(chargerId, tenant, i % 3 === 0 ? ['north'] : ['south']),
    ...writeCycle(chargerId, tenant, 1, 'Accepted', 2),
    ...writeCycle(chargerId, tenant, 2, i % 2 === 0 ? 'Rejected' : 'failed', 3),
    disconnect(chargerId, tenant, 4),
    ...writeCycle(chargerId, tenant, 1, 'Accepted', 5, 10 + (i % 6)),
  ];
}

describe('Twin rebuild (real PostgreSQL and NATS)', () => {
  let t: TwinInfra;
  let projection: TwinProjection;

  beforeAll(async () => {
    t = await provideTwinInfra();
    projection = new TwinProjection(t.bus, t.twins, t.store, createLogger('twin-test', 'silent'), recorder());
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('builds exactly the twins the incremental projection built, and keeps the live table’s index names and storage parameters', async () => {
    const all: EventEnvelope[] = [];
    for (let i = 0; i < 24; i++)
      all.push(
        ...(await appendTo(
          t.store,
          `R-${String(i).padStart(2, '0')}`,
          historyOf(`R-${i}`, i).map((e) => ({ ...e, chargerId: `R-${String(i).padStart(2, '0')}` })),
        )),
      );
    for (const e of all) await projection.apply(e);
    const incremental = await snapshot(t.db);
    const summaryBefore = await t.twins.summary('tenant-a', new Date(0));
    const indexesBefore = await t.db.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'twins' ORDER BY 1`,
    );

    const result = await new TwinRebuild(t.db, t.store, options).run();

    expect(result).toMatchObject({ events: all.length, chargers: 24, caughtUp: 0 });
    expect(await snapshot(t.db)).toEqual(incremental);
    expect(
      await t.db.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'twins' ORDER BY 1`,
      ),
    ).toEqual(indexesBefore);
    expect(await t.db.query(`SELECT to_regclass('twins_rebuild') AS shadow`)).toEqual([{ shadow: null }]);
    // The rebuilt table keeps the live one's storage parameters (the room on each page for updates).
    expect(await t.db.query(`SELECT reloptions FROM pg_class WHERE oid = to_regclass('twins')`)).toEqual([
      { reloptions: ['fillfactor=50'] },
    ]);
    expect(await t.twins.summary('tenant-a', new Date(0))).toEqual(summaryBefore);
    expect(summaryBefore).toMatchObject({ total: 12, connected: 0 });
  });

  it('keeps what the live projection applied during the rebuild, and the live projection keeps running after the swap', async () => {
    const durable = `live-${t.infra.runId}`;
    await projection.start(durable);
    const lateEvents: EventEnvelope[] = [];
    const rebuild = new TwinRebuild(t.db, t.store, {
      ...options,
      onProgress: async ({ phase }) => {
        if (phase !== 'written') return;
        // After the rebuild has read the log: new events reach only the live table, through JetStream.
        const late = await appendTo(t.store, 'R-00', [disconnect('R-00', 'tenant-a', 9)]);
        lateEvents.push(...late);
        for (const e of late) await t.bus.publish(subjects.chargerEvents(e.chargerId), e, e.id);
        await vi.waitFor(
          async () => expect((await t.twins.find('tenant-a', 'R-00'))?.version).toBe(late[0]!.streamVersion),
          { timeout: 5000 },
        );
      },
    });

    const result = await rebuild.run();
    expect(result.caughtUp).toBe(1);
    expect(await t.twins.find('tenant-a', 'R-00')).toMatchObject({
      version: lateEvents[0]!.streamVersion,
      ledger: { connected: false },
    });

    const after = await appendTo(t.store, 'R-01', writeCycle('R-01', 'tenant-b', 3, 'Accepted', 10));
    for (const e of after) await t.bus.publish(subjects.chargerEvents(e.chargerId), e, e.id);
    await vi.waitFor(
      async () => expect((await t.twins.find('tenant-b', 'R-01'))?.version).toBe(after.at(-1)!.streamVersion),
      { timeout: 5000 },
    );
    await projection.stop();

    const live = await snapshot(t.db);
    await new TwinRebuild(t.db, t.store, options).run();
    expect(await snapshot(t.db)).toEqual(live);
  });

  it('refuses to run twice at once on one database', async () => {
    let second: Promise<unknown> | undefined;
    await new TwinRebuild(t.db, t.store, {
      ...options,
      onProgress: ({ phase }) => {
        if (phase === 'written') second = new TwinRebuild(t.db, t.store, options).run().catch((e: unknown) => e);
      },
    }).run();
    expect(await second).toMatchObject({ code: 'ILLEGAL_STATE' });
  });

  it('runs beside a rebuild of another schema in the same database (another deployment, another test run)', async () => {
    const other = await provideTwinInfra();
    try {
      let beside: Promise<unknown> | undefined;
      await new TwinRebuild(t.db, t.store, {
        ...options,
        onProgress: ({ phase }) => {
          if (phase === 'written')
            beside = new TwinRebuild(other.db, other.store, options).run().catch((e: unknown) => e);
        },
      }).run();
      expect(await beside).toMatchObject({ events: 0, chargers: 0 });
    } finally {
      await other.stop();
    }
  });

  it('fails on a stored event its schema refuses, naming the event, and leaves the live twins as they were', async () => {
    // Given a charger's next event stored with data its type's schema refuses (as a faulty writer could have)
    const live = await snapshot(t.db);
    const [{ version }] = (await t.db.query(
      `SELECT max(stream_version)::int AS version FROM events WHERE stream_id = 'charger-R-05'`,
    )) as [{ version: number }];
    const [{ event_id: id }] = (await t.db.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
       VALUES (gen_random_uuid(), 'charger-R-05', $1, 'ChargerConnected', 1, '{"edgeId": 1}', $2, now())
       RETURNING event_id::text`,
      [version + 1, JSON.stringify({ tenantId: 'tenant-b', chargerId: 'R-05', correlationId: 'c', causationId: null })],
    )) as [{ event_id: string }];
    try {
      // When the twins are rebuilt
      const rebuild = new TwinRebuild(t.db, t.store, options).run();

      // Then the rebuild fails naming the event, and the live table is the one it was, unchanged
      await expect(rebuild).rejects.toThrow(
        new RegExp(`^event ${id} \\(ChargerConnected, charger-R-05 version ${version + 1}\\) cannot be folded`),
      );
      expect(await snapshot(t.db)).toEqual(live);
    } finally {
      await t.db.query(`DELETE FROM outbox WHERE event_id = $1`, [id]);
      await t.db.query(`DELETE FROM events WHERE event_id = $1`, [id]);
    }
  });
});
