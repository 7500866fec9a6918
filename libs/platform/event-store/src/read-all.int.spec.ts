import { randomUUID } from 'node:crypto';
import { subjects } from '@chargeplane/contracts-api';
import { createDataSource } from './data-source.js';
import { useEventStore } from './event-store.spec-support.js';
import { PostgresEventStore } from './postgres-event-store.js';

/** Stores an event row straight into `events` (as a bulk import or another writer could have), at given instants. */
function storeRaw(
  rig: ReturnType<typeof useEventStore>,
  row: { streamId: string; version: number; metadata: unknown; occurredAt: string; recordedAt: string },
): Promise<unknown> {
  return rig.db.query(
    `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at)
     VALUES ($1, $2, $3, 'ChargerBooted', 1, '{}', $4, $5, $6)`,
    [randomUUID(), row.streamId, row.version, JSON.stringify(row.metadata), row.occurredAt, row.recordedAt],
  );
}

/**
 * The whole log once it holds `count` events: `readAll` stops below the oldest transaction in progress anywhere on
 * the server, and other sessions share it.
 */
async function wholeLog(store: PostgresEventStore, count: number) {
  return vi.waitFor(
    async () => {
      const { events } = await store.readAll(null, 10_000);
      expect(events).toHaveLength(count);
      return events;
    },
    { timeout: 30_000, interval: 100 },
  );
}

describe('PostgresEventStore.readAll', () => {
  const rig = useEventStore();
  const metadata = (chargerId: string) => ({ tenantId: 't', chargerId, correlationId: 'c', causationId: null });

  afterEach(async () => {
    await rig.db.query(`DELETE FROM outbox`);
    await rig.db.query(`DELETE FROM events`);
  });

  it('gives every instant the text the stream read gives (UTC, microseconds truncated to milliseconds)', async () => {
    // Given instants with microseconds on both sides of a millisecond, one written with another offset, and one
    // before 1970 (fixed instants: what is compared is their text, not their distance from today)
    const instants = [
      ['2026-11-25 10:00:00.123999+00', '2026-11-25 10:00:00.999999+00'],
      ['2026-03-29 02:30:00.0005+02', '2026-11-25 10:00:00+00'],
      ['1969-12-31 23:59:59.9995+00', '2026-11-25 10:00:00.1+00'],
    ];
    for (const [i, [occurredAt, recordedAt]] of instants.entries())
      await storeRaw(rig, {
        streamId: 'charger-TS',
        version: i + 1,
        metadata: metadata('TS'),
        occurredAt: occurredAt!,
        recordedAt: recordedAt!,
      });

    // When the whole log is read by a store whose every session runs in another time zone
    const url = new URL(rig.infra.databaseUrl);
    url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c TimeZone=Europe/Berlin`.trim());
    const berlin = createDataSource(url.toString(), [], 1);
    await berlin.initialize();
    let log;
    try {
      const [{ zone }] = (await berlin.query(`SELECT current_setting('TimeZone') AS zone`)) as [{ zone: string }];
      expect(zone).toBe('Europe/Berlin');
      log = await wholeLog(new PostgresEventStore(berlin, (e) => subjects.chargerEvents(e.chargerId)), instants.length);
    } finally {
      await berlin.destroy();
    }

    // Then its instants are exactly what pg's Date gives for the stream read
    const stream = await rig.store.readStream('charger-TS');
    expect(log.map((e) => [e.occurredAt, e.recordedAt])).toEqual(stream.map((e) => [e.occurredAt, e.recordedAt]));
    expect(log.map((e) => [e.occurredAt, e.recordedAt])).toEqual([
      ['2026-11-25T10:00:00.123Z', '2026-11-25T10:00:00.999Z'],
      ['2026-03-29T00:30:00.000Z', '2026-11-25T10:00:00.000Z'],
      ['1969-12-31T23:59:59.999Z', '2026-11-25T10:00:00.100Z'],
    ]);
  });

  it('refuses a stored row that is not an envelope, naming the event and the field', async () => {
    // Given a stored event whose metadata lacks its tenant
    await storeRaw(rig, {
      streamId: 'charger-BAD',
      version: 1,
      metadata: { chargerId: 'BAD', correlationId: 'c', causationId: null },
      occurredAt: '2026-11-25 10:00:00+00',
      recordedAt: '2026-11-25 10:00:00+00',
    });
    const [{ event_id: id }] = (await rig.db.query(`SELECT event_id::text FROM events`)) as [{ event_id: string }];

    // When the log is read until it reaches the row
    const refusal = await vi.waitFor(
      async () => {
        const error = await rig.store.readAll(null, 10_000).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(Error);
        return error as Error;
      },
      { timeout: 30_000, interval: 100 },
    );

    // Then it is refused naming the event and the field
    expect(refusal.message).toMatch(
      new RegExp(`^stored event ${id} \\(charger-BAD version 1\\) is not a valid envelope: .*tenantId`, 's'),
    );
  });
});
