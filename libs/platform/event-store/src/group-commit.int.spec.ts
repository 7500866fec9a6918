import { ConcurrencyError, subjects } from '@chargeplane/contracts-api';
import { anEvent, useEventStore } from './event-store.spec-support.js';
import { GroupCommitter } from './group-commit.js';
import { PostgresEventStore, type AppendRequest } from './postgres-event-store.js';

const request = (chargerId: string, expectedVersion: number, count = 1): AppendRequest => ({
  streamId: `charger-${chargerId}`,
  expectedVersion,
  events: Array.from({ length: count }, () => anEvent(chargerId, 'ChargerBooted', { chargerId })),
});

describe('batch appends and group commit (real PostgreSQL)', () => {
  const rig = useEventStore();

  const transactionsOf = async (streamIds: string[]) =>
    (
      (await rig.db.query(`SELECT DISTINCT transaction_id::text AS tx FROM events WHERE stream_id = ANY($1::text[])`, [
        streamIds,
      ])) as { tx: string }[]
    ).length;

  /** Until an append statement waits on another transaction (its insert into `events`, on the rival's version; every 20 ms). */
  const untilAnInsertWaitsOnALock = async () => {
    for (;;) {
      const waiting = (await rig.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'transactionid'
            AND query LIKE 'WITH r AS%'`,
      )) as { n: number }[];
      if ((waiting[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  describe('given several streams in one batch', () => {
    it('writes them in one transaction, with their outbox rows in request order', async () => {
      const requests = [request('B1', 0, 2), request('B2', 0), request('B3', 0, 3)];
      const outcomes = await rig.store.appendBatch(requests);
      expect(outcomes.map((o) => (o instanceof Error ? o : o.map((e) => e.streamVersion)))).toEqual([
        [1, 2],
        [1],
        [1, 2, 3],
      ]);
      expect(await transactionsOf(['charger-B1', 'charger-B2', 'charger-B3'])).toBe(1);
      const outbox = (await rig.db.query(
        `SELECT event_id::text AS id FROM outbox WHERE payload->>'streamId' = ANY($1::text[]) ORDER BY outbox.id`,
        [['charger-B1', 'charger-B2', 'charger-B3']],
      )) as { id: string }[];
      expect(outbox.map((r) => r.id)).toEqual(requests.flatMap((r) => r.events.map((e) => e.id)));
    });

    it('answers a stale request with a ConcurrencyError and still writes the others', async () => {
      await rig.store.append('charger-S1', 0, [anEvent('S1')]);
      const outcomes = await rig.store.appendBatch([request('S1', 0), request('S2', 0)]);
      expect(outcomes[0]).toBeInstanceOf(ConcurrencyError);
      expect(outcomes[1]).toHaveLength(1);
      expect(await rig.store.readStream('charger-S1')).toHaveLength(1);
      expect(await rig.store.readStream('charger-S2')).toHaveLength(1);
    });

    it('refuses a batch that names one stream twice, writing nothing', async () => {
      await expect(rig.store.appendBatch([request('D1', 0), request('D1', 1)])).rejects.toThrow(/twice/);
      expect(await rig.store.readStream('charger-D1')).toHaveLength(0);
    });

    it('runs the caller’s read-model work in the same transaction, with only the accepted requests', async () => {
      await rig.store.append('charger-A1', 0, [anEvent('A1')]);
      const seen: string[] = [];
      await rig.store.appendBatch([request('A1', 0), request('A2', 0)], {
        also: async (tx, accepted) => {
          seen.push(...accepted.map((r) => r.streamId));
          const [{ txid }] = (await tx.query(`SELECT pg_current_xact_id()::text AS txid`)) as [{ txid: string }];
          seen.push(`tx:${txid}`);
        },
      });
      const [{ tx }] = (await rig.db.query(
        `SELECT transaction_id::text AS tx FROM events WHERE stream_id = 'charger-A2'`,
      )) as [{ tx: string }];
      expect(seen).toEqual(['charger-A2', `tx:${tx}`]);
    });
  });

  describe('given many appends requested at once through a group committer', () => {
    it('commits them in far fewer transactions than appends, each caller getting its own events', async () => {
      const committer = new GroupCommitter(rig.store, () => ({}));
      const ids = Array.from({ length: 60 }, (_, i) => `G${i}`);
      const stored = await Promise.all(ids.map((id) => committer.append(request(id, 0, 2))));
      stored.forEach((events, i) => {
        expect(events.map((e) => [e.streamId, e.streamVersion])).toEqual([
          [`charger-G${i}`, 1],
          [`charger-G${i}`, 2],
        ]);
      });
      expect(await transactionsOf(ids.map((id) => `charger-${id}`))).toBeLessThanOrEqual(2);
    });

    it('queues a second append to the same stream behind the first, in order', async () => {
      const committer = new GroupCommitter(rig.store, () => ({}));
      const [first, second] = await Promise.all([
        committer.append(request('Q1', 0)),
        committer.append(request('Q1', 1)),
      ]);
      expect([first[0]?.streamVersion, second[0]?.streamVersion]).toEqual([1, 2]);
    });

    it('gives a ConcurrencyError only to the loser when another writer commits its stream while the batch waits on it', async () => {
      // A second "process" has appended version 1 of R1 in a transaction it has not committed yet: the batch's
      // version check does not see it, so its insert waits on the unique version. The rival commits once the batch
      // waits; the batch's insert then violates the unique version, and the committer retries its requests one by one.
      let inserted!: () => void;
      let commit!: () => void;
      const rivalInserted = new Promise<void>((resolve) => (inserted = resolve));
      const rivalMayCommit = new Promise<void>((resolve) => (commit = resolve));
      const rival = new PostgresEventStore(rig.db, (e) => subjects.chargerEvents(e.chargerId)).appendBatch(
        [{ streamId: 'charger-R1', expectedVersion: 0, events: [anEvent('R1', 'ChargerConnected')] }],
        {
          also: async () => {
            inserted();
            await rivalMayCommit;
          },
        },
      );
      await rivalInserted;
      const committer = new GroupCommitter(rig.store, () => ({}));
      const results = Promise.allSettled([
        committer.append(request('R1', 0)),
        committer.append(request('R2', 0)),
        committer.append(request('R3', 0)),
      ]);
      await untilAnInsertWaitsOnALock();
      commit();
      await rival;
      const settled = await results;
      expect(settled.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      expect((settled[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((await rig.store.readStream('charger-R1')).map((e) => e.type)).toEqual(['ChargerConnected']);
      expect(await rig.store.readStream('charger-R2')).toHaveLength(1);
    });
  });
});
