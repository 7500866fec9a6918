import { ConcurrencyError } from '@chargeplane/contracts-api';
import { appendStatement, type AppendCompanion } from './append-statement.js';
import { anEvent, useEventStore } from './event-store.spec-support.js';
import type { AppendRequest } from './postgres-event-store.js';

const request = (chargerId: string, expectedVersion: number): AppendRequest => ({
  streamId: `charger-${chargerId}`,
  expectedVersion,
  events: [anEvent(chargerId, 'ChargerBooted', { chargerId })],
});

/** A writer's read model kept by the append statement: one mark per row, unique per stream and mark. */
const MARKS: AppendCompanion = {
  name: 'spec_marks',
  types: ['text[]', 'text[]'],
  sql: ([streams, marks]) =>
    `INSERT INTO spec_marks (stream_id, mark)
     SELECT m.stream_id, m.mark FROM unnest(${streams}, ${marks}) AS m(stream_id, mark)
      WHERE m.stream_id IN (SELECT stream_id FROM written)`,
};
const WITH_MARKS = appendStatement([MARKS]);
const marksOf = (requests: readonly AppendRequest[], mark = 'seen') => ({
  with: { statement: WITH_MARKS, values: [[requests.map((r) => r.streamId), requests.map(() => mark)]] },
});

// The append statement keeps a writer's rows itself (decision 0013): what it asks is that they are written exactly
// when, and atomically with, the events of their stream, without a transaction around the statement.
describe('companion rows of the append statement (real PostgreSQL)', () => {
  const rig = useEventStore();

  beforeAll(async () => {
    await rig.db.query(`CREATE TABLE spec_marks (stream_id text, mark text, PRIMARY KEY (stream_id, mark))`);
  });

  const marks = async (streamIds: string[]) =>
    (
      (await rig.db.query(
        `SELECT m.stream_id, m.xmin::text = e.transaction_id::text AS with_events
           FROM spec_marks m LEFT JOIN events e USING (stream_id)
          WHERE m.stream_id = ANY($1::text[]) ORDER BY m.stream_id`,
        [streamIds],
      )) as { stream_id: string; with_events: boolean }[]
    ).map((r) => [r.stream_id, r.with_events]);

  it('keeps the rows of the streams it writes, in the same transaction as their events, and none of a stale one', async () => {
    // Given
    await rig.store.append('charger-M1', 0, [anEvent('M1')]);
    const requests = [request('M1', 0), request('M2', 0), request('M3', 0)];
    // When
    const outcomes = await rig.store.appendBatch(requests, marksOf(requests));
    // Then
    expect(outcomes[0]).toBeInstanceOf(ConcurrencyError);
    expect(await marks(['charger-M1', 'charger-M2', 'charger-M3'])).toEqual([
      ['charger-M2', true],
      ['charger-M3', true],
    ]);
  });

  it('writes nothing of the batch when a companion row fails (events, outbox and rows are one statement)', async () => {
    // Given: N1 already holds the mark the batch's companion would insert again
    await rig.db.query(`INSERT INTO spec_marks (stream_id, mark) VALUES ('charger-N1', 'seen')`);
    const requests = [request('N1', 0), request('N2', 0)];
    // When
    const failure = await rig.store.appendBatch(requests, marksOf(requests)).catch((e: unknown) => e);
    // Then
    expect(String(failure)).toMatch(/spec_marks_pkey/);
    expect(await rig.store.readStream('charger-N1')).toHaveLength(0);
    expect(await rig.store.readStream('charger-N2')).toHaveLength(0);
    const outbox = (await rig.db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'streamId' = ANY($1)`, [
      ['charger-N1', 'charger-N2'],
    ])) as { n: number }[];
    expect(outbox[0]?.n).toBe(0);
  });

  it('opens a transaction only for work that needs one (`also`): the statement alone commits by itself', async () => {
    // Given
    const transactions = vi.spyOn(rig.db, 'transaction');
    try {
      // When
      await rig.store.appendBatch([request('T1', 0)], marksOf([request('T1', 0)]));
      const alone = transactions.mock.calls.length;
      await rig.store.appendBatch([request('T2', 0)], { ...marksOf([request('T2', 0)]), also: async () => undefined });
      // Then
      expect([alone, transactions.mock.calls.length]).toEqual([0, 1]);
      expect(await marks(['charger-T1', 'charger-T2'])).toEqual([
        ['charger-T1', true],
        ['charger-T2', true],
      ]);
    } finally {
      transactions.mockRestore();
    }
  });

  it('refuses companion parameters that do not match the statement, writing nothing', async () => {
    const bad = { with: { statement: WITH_MARKS, values: [[['charger-B1']]] } };
    await expect(rig.store.appendBatch([request('B1', 0)], bad)).rejects.toThrow(/companion parameters/);
    expect(await rig.store.readStream('charger-B1')).toHaveLength(0);
  });

  it('refuses companion names that could not name a CTE, and a name given twice', () => {
    expect(() => appendStatement([{ ...MARKS, name: 'marks; DROP' }])).toThrow(/not \[a-z_\]\+/);
    expect(() => appendStatement([MARKS, MARKS])).toThrow(/repeat/);
  });
});
