import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { CommitPublisher } from './commit-publisher.js';
import { anEvent, relayLimits, useEventStore } from './event-store.spec-support.js';
import { OutboxRelay, type PublishEvent } from './outbox-relay.js';
import { PostgresEventStore, type PublishOnCommit } from './postgres-event-store.js';

/** A bus that records what it stores, in order, and can hold or refuse a publish. */
class RecordingBus {
  readonly stored: { id: string; by: string }[] = [];
  readonly #held = new Map<string, Promise<void>>();
  readonly refuse = new Set<string>();

  as(by: string): PublishEvent {
    return async (_subject, event) => {
      await this.#held.get(event.id);
      if (this.refuse.delete(event.id)) throw new Error('JetStream did not acknowledge');
      // The bus drops a re-publish by event id, as JetStream does within its duplicate window.
      if (!this.stored.some((s) => s.id === event.id)) this.stored.push({ id: event.id, by });
    };
  }

  /** Holds the publish of `eventId` until `release` is called. */
  hold(eventId: string): { release: () => void } {
    let release!: () => void;
    this.#held.set(eventId, new Promise<void>((resolve) => (release = resolve)));
    return { release };
  }

  order(events: readonly { id: string }[]): string[] {
    const ids = new Set(events.map((e) => e.id));
    return this.stored.filter((s) => ids.has(s.id)).map((s) => s.id);
  }
}

describe('publish on commit (real PostgreSQL)', () => {
  const rig = useEventStore();
  const subjectOf = (e: { chargerId: string }) => subjects.chargerEvents(e.chargerId);
  const outbox = async () =>
    (await rig.db.query(
      `SELECT event_id::text AS "eventId", claimed_by AS "claimedBy" FROM outbox ORDER BY outbox.id`,
    )) as { eventId: string; claimedBy: string | null }[];
  let bus: RecordingBus;
  const cleanups: (() => Promise<void>)[] = [];
  beforeEach(() => {
    bus = new RecordingBus();
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
    await rig.db.query(`DELETE FROM outbox`);
  });

  const writer = (claimant: string, now?: () => number) => {
    const publisher = new CommitPublisher(rig.db, bus.as(claimant), {
      claimant,
      maxPayloadBytes: relayLimits.maxPayloadBytes,
      ...(now ? { now } : {}),
    });
    cleanups.push(() => publisher.stop());
    return { publisher, store: new PostgresEventStore(rig.db, subjectOf, publisher) };
  };
  const relay = () => {
    const r = new OutboxRelay(rig.db, bus.as('relay'), { databaseUrl: rig.infra.databaseUrl, ...relayLimits });
    cleanups.push(() => r.stop());
    return r;
  };

  describe('given a stream with nothing waiting in the outbox', () => {
    it('publishes the append’s events itself, in order, and deletes their rows; the relay finds nothing', async () => {
      const { publisher, store } = writer('writer-1');
      const events = [anEvent('A1'), anEvent('A1', 'ChargerConnected')];
      await store.append('charger-A1', 0, events);
      await publisher.stop();
      expect(bus.stored).toEqual(events.map((e) => ({ id: e.id, by: 'writer-1' })));
      expect(await outbox()).toEqual([]);
      expect(await relay().drainOnce()).toBe(0);
    });

    it('keeps the relay off its claimed rows, and off a later row of their stream, while it publishes', async () => {
      const { publisher, store } = writer('writer-1');
      const first = anEvent('A2');
      const held = bus.hold(first.id);
      await store.append('charger-A2', 0, [first]);
      const other = new PostgresEventStore(rig.db, subjectOf); // a writer that leaves its events to the relay
      const later = anEvent('A2', 'ChargerConnected');
      await other.append('charger-A2', 1, [later]);
      expect((await outbox()).map((r) => r.claimedBy)).toEqual(['writer-1', null]);

      const theRelay = relay();
      expect(await theRelay.drainOnce()).toBe(0);
      held.release();
      await publisher.stop();
      expect(await theRelay.drainOnce()).toBe(1);
      expect(bus.order([first, later])).toEqual([first.id, later.id]);
      expect(await outbox()).toEqual([]);
    });

    it('publishes a second append to the same stream after the first, while the first is still on its way', async () => {
      const { publisher, store } = writer('writer-1');
      const first = anEvent('A3');
      const second = anEvent('A3', 'ChargerConnected');
      const held = bus.hold(first.id);
      await store.append('charger-A3', 0, [first]);
      await store.append('charger-A3', 1, [second]);
      expect((await outbox()).map((r) => r.claimedBy)).toEqual(['writer-1', 'writer-1']);
      held.release();
      await publisher.stop();
      expect(bus.stored).toEqual([first, second].map((e) => ({ id: e.id, by: 'writer-1' })));
      expect(await outbox()).toEqual([]);
    });
  });

  describe('given a row of the stream left to the relay', () => {
    it('claims nothing of that stream: the relay publishes it all, in order', async () => {
      const before = anEvent('B1');
      await new PostgresEventStore(rig.db, subjectOf).append('charger-B1', 0, [before]);
      const { publisher, store } = writer('writer-1');
      const after = anEvent('B1', 'ChargerConnected');
      await store.append('charger-B1', 1, [after]);
      expect((await outbox()).map((r) => r.claimedBy)).toEqual([null, null]);
      await publisher.stop();
      expect(bus.stored).toEqual([]);
      expect(await relay().drainOnce()).toBe(2);
      expect(bus.stored).toEqual([before, after].map((e) => ({ id: e.id, by: 'relay' })));
    });

    it('claims nothing behind a row that names its stream only in its payload (a writer of the version before)', async () => {
      await rig.db.query(
        `INSERT INTO outbox (event_id, subject, payload)
         VALUES (gen_random_uuid(), 'events.charger.B3', '{"streamId": "charger-B3", "streamVersion": 1}')`,
      );
      const { store } = writer('writer-1');
      await store.append('charger-B3', 0, [anEvent('B3')]);
      expect((await outbox()).map((r) => r.claimedBy)).toEqual([null, null]);
    });

    it('claims nothing behind another writer’s live claim', async () => {
      const one = writer('writer-1');
      const first = anEvent('B2');
      const held = bus.hold(first.id);
      await one.store.append('charger-B2', 0, [first]);
      const two = writer('writer-2');
      await two.store.append('charger-B2', 1, [anEvent('B2', 'ChargerConnected')]);
      expect((await outbox()).map((r) => r.claimedBy)).toEqual(['writer-1', null]);
      held.release();
    });
  });

  describe('when the writer cannot publish', () => {
    it('hands a refused event and its stream’s later ones back to the relay, which publishes them in order', async () => {
      const { publisher, store } = writer('writer-1');
      const events = [anEvent('C1'), anEvent('C1', 'ChargerConnected')];
      const third = anEvent('C1', 'ChargerDisconnected');
      bus.refuse.add(events[0]!.id);
      const held = bus.hold(events[0]!.id);
      await store.append('charger-C1', 0, events);
      await store.append('charger-C1', 2, [third]);
      held.release();
      await publisher.stop();
      expect(bus.stored).toEqual([]);
      expect((await outbox()).map((r) => r.claimedBy)).toEqual([null, null, null]);
      expect(await relay().drainOnce()).toBe(3);
      expect(bus.order([...events, third])).toEqual([...events, third].map((e) => e.id));
    });

    it('hands back an event whose claim would lapse before its turn comes', async () => {
      let now = Date.now();
      const { publisher, store } = writer('writer-1', () => now);
      const first = anEvent('C2');
      const held = bus.hold(first.id);
      await store.append('charger-C2', 0, [first]);
      const late = anEvent('C2', 'ChargerConnected');
      await store.append('charger-C2', 1, [late]);
      now += 9_000; // the claims last 10 s; the writer gives them back 2 s before
      held.release();
      await publisher.stop();
      expect(bus.stored.map((s) => s.id)).toEqual([first.id]);
      expect((await outbox()).map((r) => [r.eventId, r.claimedBy])).toEqual([[late.id, null]]);
      expect(await relay().drainOnce()).toBe(1);
      expect(bus.order([first, late])).toEqual([first.id, late.id]);
    });

    it('leaves a crashed writer’s rows to the relay once its claims lapse, in order', async () => {
      const crashed: PublishOnCommit = { claimant: 'writer-gone', committed: () => undefined };
      const events = [anEvent('C3'), anEvent('C3', 'ChargerConnected')];
      await new PostgresEventStore(rig.db, subjectOf, crashed).append('charger-C3', 0, events);
      const theRelay = relay();
      expect(await theRelay.drainOnce()).toBe(0);
      // The claims' ten seconds pass.
      await rig.db.query(`UPDATE outbox SET claimed_until = now() - interval '1 millisecond'`);
      expect(await theRelay.drainOnce()).toBe(2);
      expect(bus.stored).toEqual(events.map((e) => ({ id: e.id, by: 'relay' })));
    });
  });

  it('has deleted every row it published, across streams and appends, once it has stopped', async () => {
    // Acks come back after 0–3 ms, so rounds of deletes overlap with publishes still on their way.
    const publish: PublishEvent = (_subject, event) =>
      new Promise((resolve) => setTimeout(resolve, event.id.charCodeAt(0) % 4));
    const publisher = new CommitPublisher(rig.db, publish, {
      claimant: 'writer-1',
      maxPayloadBytes: relayLimits.maxPayloadBytes,
    });
    const store = new PostgresEventStore(rig.db, subjectOf, publisher);
    const streams = Array.from({ length: 60 }, (_, i) => `E${i}`);
    for (let round = 0; round < 3; round++)
      await Promise.all(streams.map((id) => store.append(`charger-${id}`, round, [anEvent(id)])));
    await publisher.stop();
    expect(await outbox()).toEqual([]);
  });

  it('tells what it published, as the relay does', async () => {
    const told: EventEnvelope[] = [];
    const publisher = new CommitPublisher(rig.db, bus.as('writer-1'), {
      claimant: 'writer-1',
      maxPayloadBytes: relayLimits.maxPayloadBytes,
      onPublished: (event) => told.push(event),
    });
    const events = [anEvent('D1'), anEvent('D1', 'ChargerConnected')];
    const stored = await new PostgresEventStore(rig.db, subjectOf, publisher).append('charger-D1', 0, events);
    await publisher.stop();
    expect(told).toEqual(stored);
  });
});
