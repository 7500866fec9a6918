import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { anEvent, relayLimits, useEventStore } from './event-store.spec-support.js';
import { OutboxRelay } from './outbox-relay.js';
import type { OutboxDeadLetter } from './outbox-rows.js';

describe('outbox relay when a publish fails (real PostgreSQL)', () => {
  const rig = useEventStore();
  const left = async () =>
    (await rig.db.query(
      `SELECT id::text, event_id::text AS "eventId", dead_letter_reason AS reason FROM outbox ORDER BY outbox.id`,
    )) as { id: string; eventId: string; reason: string | null }[];

  // A relay holds its lead on its own connection until it stops: each test's relay stops after it.
  const relays: OutboxRelay[] = [];
  const relayOf = (relay: OutboxRelay) => (relays.push(relay), relay);
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await rig.db.query(`DELETE FROM outbox`);
  });

  it('keeps the failed stream’s later events for the next pass, publishes the other streams, and loses nothing', async () => {
    const x = [anEvent('X'), anEvent('X'), anEvent('X')];
    const y = [anEvent('Y'), anEvent('Y')];
    await rig.store.append('charger-X', 0, x.slice(0, 1));
    await rig.store.append('charger-Y', 0, y);
    await rig.store.append('charger-X', 1, x.slice(1));
    const published: EventEnvelope[] = [];
    let failNext = x[1]!.id;
    const relay = relayOf(
      new OutboxRelay(
        rig.db,
        async (_subject, event) => {
          if (event.id === failNext) {
            failNext = '';
            throw new Error('JetStream did not acknowledge');
          }
          published.push(event);
        },
        // A transient failure is never dead-lettered (relayLimits throws if it were).
        { databaseUrl: rig.infra.databaseUrl, ...relayLimits },
      ),
    );

    await expect(relay.drainOnce()).rejects.toThrow('JetStream did not acknowledge');
    expect(published.map((e) => e.id).sort()).toEqual([x[0]!.id, ...y.map((e) => e.id)].sort());
    expect((await left()).map((r) => r.eventId)).toEqual([x[1]!.id, x[2]!.id]);

    expect(await relay.drainOnce()).toBe(2);
    const ofStream = (streamId: string) => published.filter((e) => e.streamId === streamId).map((e) => e.id);
    expect(ofStream('charger-X')).toEqual(x.map((e) => e.id));
    expect(ofStream('charger-Y')).toEqual(y.map((e) => e.id));
    expect(await rig.db.query(`SELECT 1 FROM outbox`)).toHaveLength(0);
  });

  it('dead-letters a row over the max payload and a row that is not an event, marks them, and goes on', async () => {
    const maxPayload = 1024 * 1024;
    const huge = anEvent('P', 'ChargerBooted', { blob: 'x'.repeat(maxPayload) });
    const p = [anEvent('P'), huge, anEvent('P')];
    const q = anEvent('Q');
    await rig.store.append('charger-P', 0, p);
    await rig.db.query(
      `INSERT INTO outbox (event_id, subject, payload) VALUES (gen_random_uuid(), 'events.charger.Z', '{"chargerId":"Z","data":7}')`,
    );
    await rig.store.append('charger-Q', 0, [q]);
    const published: string[] = [];
    const letters: OutboxDeadLetter[] = [];
    let limit = maxPayload;
    const relay = relayOf(
      new OutboxRelay(rig.db, async (_subject, event) => void published.push(event.id), {
        databaseUrl: rig.infra.databaseUrl,
        maxPayloadBytes: () => limit,
        deadLetter: async (letter) => void letters.push(letter),
      }),
    );

    expect(await relay.drainOnce()).toBe(5);
    expect(published.filter((id) => id !== q.id)).toEqual([p[0]!.id, p[2]!.id]);
    expect(published).toContain(q.id);
    expect(letters.map((l) => [l.reason, l.chargerId, l.subject])).toEqual(
      expect.arrayContaining([
        ['too_large', 'P', subjects.chargerEvents('P')],
        ['unparsable', 'Z', 'events.charger.Z'],
      ]),
    );
    expect(letters.find((l) => l.reason === 'too_large')?.detail).toMatch(/bytes, the bus carries at most 1048576/);
    const marked = await left();
    expect(marked.map((r) => r.reason).sort()).toEqual(['too_large', 'unparsable']);

    // Passed by from now on: no pass fails on them or dead-letters them again.
    expect(await relay.drainOnce()).toBe(0);
    expect(letters).toHaveLength(2);

    // Handed back (the operator raised max_payload): published on the next pass.
    limit = 4 * maxPayload;
    await relay.replay(marked.find((r) => r.reason === 'too_large')!.id);
    expect(await relay.drainOnce()).toBe(1);
    expect(published).toContain(huge.id);
    await expect(relay.replay('999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('dead-letters an event the bus itself refuses as too large', async () => {
    const e = anEvent('R');
    await rig.store.append('charger-R', 0, [e, anEvent('R')]);
    const letters: OutboxDeadLetter[] = [];
    const relay = relayOf(
      new OutboxRelay(
        rig.db,
        async (_subject, event) => {
          if (event.id === e.id) throw new Error('payload: max_payload size exceeded');
        },
        { databaseUrl: rig.infra.databaseUrl, ...relayLimits, deadLetter: async (l) => void letters.push(l) },
      ),
    );
    expect(await relay.drainOnce()).toBe(2);
    expect(letters.map((l) => l.reason)).toEqual(['too_large']);
    expect((await left()).map((r) => r.eventId)).toEqual([e.id]);
  });
});

describe('outbox relay while events are committed during its drain (real PostgreSQL)', () => {
  const rig = useEventStore();

  it("publishes what committed meanwhile in the same drain, in order, as the events' JSON, and leaves nothing in the outbox", async () => {
    // Given: each of the first two publishes commits the stream's next event while the pass is under way
    const events = [anEvent('L'), anEvent('L'), anEvent('L')];
    await rig.store.append('charger-L', 0, events.slice(0, 1));
    const published: string[] = [];
    const sentAsTheEvent: boolean[] = [];
    const relay = new OutboxRelay(
      rig.db,
      async (_subject, event, json) => {
        published.push(event.id);
        sentAsTheEvent.push(JSON.stringify(JSON.parse(json)) === JSON.stringify(event));
        const next = published.length;
        if (next < events.length) await rig.store.append('charger-L', next, [events[next]!]);
      },
      { databaseUrl: rig.infra.databaseUrl, ...relayLimits },
    );
    try {
      // When
      const count = await relay.drainOnce();
      // Then
      expect(count).toBe(3);
      expect(published).toEqual(events.map((e) => e.id));
      expect(sentAsTheEvent).toEqual([true, true, true]);
      expect(await rig.db.query(`SELECT 1 FROM outbox`)).toHaveLength(0);
    } finally {
      await relay.stop();
    }
  });

  it('publishes an event committed while an earlier publish awaits its ack, and keeps each stream in order', async () => {
    // Given: the bus holds the ack of A's first event until the test lets it go
    const a = [anEvent('A'), anEvent('A')];
    const b = anEvent('B');
    await rig.store.append('charger-A', 0, a.slice(0, 1));
    const published: string[] = [];
    let ackA1!: () => void;
    const a1Acked = new Promise<void>((resolve) => (ackA1 = resolve));
    let onPublish: (() => void) | undefined;
    const relay = new OutboxRelay(
      rig.db,
      async (_subject, event) => {
        published.push(event.id);
        onPublish?.();
        if (event.id === a[0]!.id) await a1Acked;
      },
      { databaseUrl: rig.infra.databaseUrl, ...relayLimits },
    );
    const publishedNext = () => new Promise<void>((resolve) => (onPublish = resolve));
    try {
      const firstOut = publishedNext();
      const drained = relay.drainOnce();
      await firstOut;
      // When: A's next event and B's first commit while A's first is unacknowledged
      const bOut = publishedNext();
      await rig.store.append('charger-A', 1, a.slice(1));
      await rig.store.append('charger-B', 0, [b]);
      // Then: B goes out before A's first is acknowledged; A's second waits for it
      await bOut;
      expect(published).toEqual([a[0]!.id, b.id]);
      ackA1();
      expect(await drained).toBe(3);
      expect(published).toEqual([a[0]!.id, b.id, a[1]!.id]);
      expect(await rig.db.query(`SELECT 1 FROM outbox`)).toHaveLength(0);
    } finally {
      ackA1();
      await relay.stop();
    }
  });
});
