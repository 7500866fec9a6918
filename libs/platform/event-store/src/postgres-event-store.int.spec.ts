import { randomUUID } from 'node:crypto';
import { ConcurrencyError, streams, subjects } from '@chargeplane/contracts-api';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { busCommitPublisher } from './bus-outbox-relay.js';
import { anEvent as storeEvent, relayLimits, useEventStore } from './event-store.spec-support.js';
import { OutboxRelay } from './outbox-relay.js';
import { PostgresEventStore } from './postgres-event-store.js';

const anEvent = (chargerId: string, type = 'ChargerRegistered', data: Record<string, unknown> = {}) =>
  storeEvent(chargerId, type, data);

describe('PostgresEventStore', () => {
  const rig = useEventStore({ nats: true });

  describe('when appending', () => {
    it('stores events with consecutive versions and reads the stream back in order', async () => {
      const stored = await rig.store.append('charger-A1', 0, [
        anEvent('A1'),
        anEvent('A1', 'ChargerBooted', { firmware: '5.5.1' }),
      ]);
      expect(stored.map((e) => e.streamVersion)).toEqual([1, 2]);
      const read = await rig.store.readStream('charger-A1');
      expect(read.map((e) => [e.type, e.streamVersion, e.data])).toEqual([
        ['ChargerRegistered', 1, {}],
        ['ChargerBooted', 2, { firmware: '5.5.1' }],
      ]);
      expect(read[0]?.recordedAt).toMatch(/Z$/);
      expect(await rig.store.streamVersion('charger-A1')).toBe(2);
      expect(await rig.store.streamVersion('charger-NONE')).toBe(0);
    });

    it('refuses a stale expected version with a ConcurrencyError and writes nothing', async () => {
      await rig.store.append('charger-A2', 0, [anEvent('A2')]);
      await expect(rig.store.append('charger-A2', 0, [anEvent('A2')])).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(rig.store.append('charger-A2', 5, [anEvent('A2')])).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await rig.store.readStream('charger-A2')).toHaveLength(1);
    });

    it('queues each event for the relay as the very envelope the append returns, with and without a trace', async () => {
      const traced = {
        ...anEvent('A4', 'ChargerBooted', { firmware: '5.5.1', nested: { list: [1, 'two', null] } }),
        causationId: 'cause-1',
        occurredAt: '2026-11-25T10:00:00.123Z',
        trace: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
      };
      const stored = await rig.store.append('charger-A4', 0, [anEvent('A4'), traced]);
      const queued = (await rig.db.query(
        `SELECT subject, payload FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY outbox.id`,
        [stored.map((e) => e.id)],
      )) as { subject: string; payload: unknown }[];
      expect(queued.map((q) => q.payload)).toEqual(JSON.parse(JSON.stringify(stored)));
      expect(queued.map((q) => q.subject)).toEqual([subjects.chargerEvents('A4'), subjects.chargerEvents('A4')]);
      expect(stored[1]).toMatchObject({ causationId: 'cause-1', occurredAt: '2026-11-25T10:00:00.123Z' });
      expect(stored[1]?.trace?.traceparent).toBe(traced.trace.traceparent);
      expect(stored[0]?.trace).toBeUndefined();
    });

    it('names the stream’s current version in the ConcurrencyError of a stale append', async () => {
      await rig.store.append('charger-A5', 0, [anEvent('A5'), anEvent('A5', 'ChargerBooted')]);
      const error = await rig.store.append('charger-A5', 1, [anEvent('A5')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId: 'charger-A5', expectedVersion: 1, actualVersion: 2 });
    });

    it('lets exactly one of two concurrent appends at the same version win', async () => {
      await rig.store.append('charger-A3', 0, [anEvent('A3')]);
      const results = await Promise.allSettled([
        rig.store.append('charger-A3', 1, [anEvent('A3', 'ChargerBooted')]),
        rig.store.append('charger-A3', 1, [anEvent('A3', 'ChargerConnected')]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect(await rig.store.readStream('charger-A3')).toHaveLength(2);
    });
  });

  describe('when reading the whole log', () => {
    it('returns events in numeric position order across pages, none skipped or repeated', async () => {
      await rig.store.append(
        'charger-PAGES',
        0,
        Array.from({ length: 25 }, () => anEvent('PAGES')),
      );
      const seen: number[] = [];
      let cursor = null;
      for (let page = 0; page < 100; page++) {
        const result = await rig.store.readAll(cursor, 7);
        if (result.events.length === 0) break;
        seen.push(...result.events.filter((e) => e.streamId === 'charger-PAGES').map((e) => e.streamVersion));
        cursor = result.cursor;
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });

    it('does not pass an event whose transaction is still open, and returns it once committed', async () => {
      const before = await rig.store.readAll(null, 10_000);
      const slow = rig.db.createQueryRunner();
      await slow.connect();
      await slow.startTransaction();
      // The slow transaction takes its position first but commits last.
      await slow.query(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
         VALUES ($1, 'charger-SLOW', 1, 'ChargerRegistered', 1, '{}', $2, now())`,
        [randomUUID(), { tenantId: 't', chargerId: 'SLOW', correlationId: 'c', causationId: null }],
      );
      await rig.store.append('charger-FAST', 0, [anEvent('FAST')]);
      const during = await rig.store.readAll(before.cursor, 10_000);
      expect(during.events.map((e) => e.streamId)).not.toContain('charger-SLOW');
      expect(during.events.map((e) => e.streamId)).not.toContain('charger-FAST');
      await slow.commitTransaction();
      await slow.release();
      const after = await rig.store.readAll(during.cursor, 10_000);
      expect(after.events.map((e) => e.streamId)).toEqual(['charger-SLOW', 'charger-FAST']);
    });
  });

  describe('when a stored row is not an envelope', () => {
    it('refuses it naming the field, for a metadata without its tenant or not an object at all', async () => {
      const insert = (streamId: string, metadata: unknown) =>
        rig.db.query(
          `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
           VALUES ($1, $2, 1, 'ChargerRegistered', 1, '{}', $3, now())`,
          [randomUUID(), streamId, JSON.stringify(metadata)],
        );
      await insert('charger-BAD1', { chargerId: 'BAD1', correlationId: 'c', causationId: null });
      await insert('charger-BAD2', 'not an object');
      await expect(rig.store.readStream('charger-BAD1')).rejects.toThrow(/tenantId/);
      await expect(rig.store.readStream('charger-BAD2')).rejects.toThrow(/chargerId/);
      await rig.db.query(
        `DELETE FROM outbox WHERE event_id IN (SELECT event_id FROM events WHERE stream_id LIKE 'charger-BAD_')`,
      );
      await rig.db.query(`DELETE FROM events WHERE stream_id LIKE 'charger-BAD_'`);
    });
  });

  describe('the outbox relay', () => {
    it('publishes every appended event to JetStream once, in order, with the event id as Nats-Msg-Id', async () => {
      const bus = await NatsBus.connect({ url: rig.infra.natsUrl, name: 'event-store-test', prefix: rig.infra.runId });
      await bus.ensureStreams([streams.chargerEvents]);
      const published: string[] = [];
      const relay = new OutboxRelay(
        rig.db,
        async (subject, event) => {
          await bus.publish(subject, event, event.id);
          published.push(event.id);
        },
        { databaseUrl: rig.infra.databaseUrl, pollMs: 100, ...relayLimits },
      );
      await relay.drainOnce(); // events from the tests above
      // More than nine, and past position 9 → 10: numeric order, never text order ('10' < '9').
      const events = Array.from({ length: 12 }, (_, i) =>
        anEvent('R1', i % 2 === 0 ? 'ChargerBooted' : 'ChargerConnected'),
      );
      await rig.store.append('charger-R1', 0, events);
      await relay.start();
      await vi.waitFor(() => expect(published.slice(-12)).toEqual(events.map((e) => e.id)), { timeout: 5000 });
      await relay.stop();
      // A re-publish after a crash is dropped by JetStream as a duplicate.
      const again = await bus.publish(subjects.chargerEvents('R1'), { any: 1 }, events[0]!.id);
      expect(again.duplicate).toBe(true);
      const info = await bus.jsm.streams.info(bus.stream(streams.chargerEvents.name));
      const r1 = await bus.jsm.streams.getMessage(bus.stream(streams.chargerEvents.name), {
        last_by_subj: bus.subject(subjects.chargerEvents('R1')),
      });
      expect(r1?.json<{ id: string }>().id).toBe(events[11]!.id);
      expect(info.state.messages).toBeGreaterThanOrEqual(3);
      await bus.deleteStreams([streams.chargerEvents]);
      await bus.close();
    });
  });

  describe('publish on commit (decision 0014)', () => {
    it('puts the writer’s events on JetStream itself, once each, in version order, and empties their outbox rows', async () => {
      const bus = await NatsBus.connect({ url: rig.infra.natsUrl, name: 'event-store-test', prefix: rig.infra.runId });
      await bus.ensureStreams([streams.chargerEvents]);
      const stream = bus.stream(streams.chargerEvents.name);
      const before = (await bus.jsm.streams.info(stream)).state.last_seq;
      const publisher = busCommitPublisher(rig.db, bus, createLogger('event-store-test', 'silent'), {
        claimant: randomUUID(),
      });
      const store = new PostgresEventStore(rig.db, (e) => subjects.chargerEvents(e.chargerId), publisher);
      const first = [anEvent('W1'), anEvent('W1', 'ChargerConnected')];
      const second = [anEvent('W1', 'ChargerDisconnected')];
      await store.append('charger-W1', 0, first);
      await store.append('charger-W1', 2, second);
      await publisher.stop();

      const after = (await bus.jsm.streams.info(stream)).state.last_seq;
      const stored: { id: string; streamVersion: number }[] = [];
      for (let seq = before + 1; seq <= after; seq++) {
        const message = await bus.jsm.streams.getMessage(stream, { seq });
        if (message?.subject === bus.subject(subjects.chargerEvents('W1')))
          stored.push(message.json<{ id: string; streamVersion: number }>());
      }
      expect(stored.map((e) => [e.id, e.streamVersion])).toEqual([...first, ...second].map((e, i) => [e.id, i + 1]));
      expect(
        await rig.db.query(`SELECT 1 FROM outbox WHERE event_id = ANY($1::uuid[])`, [
          [...first, ...second].map((e) => e.id),
        ]),
      ).toEqual([]);
      await bus.deleteStreams([streams.chargerEvents]);
      await bus.close();
    });
  });
});
