import { streams } from '@chargeplane/contracts-api';
import { EventEnvelope, type NewEvent } from '@chargeplane/contracts-events';
import { NatsBus } from '@chargeplane/platform-messaging';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { createDataSource, eventStoreMigrations, migrate } from './data-source.js';
import { anEvent, relayLimits, useEventStore, type StoreRig } from './event-store.spec-support.js';
import { OutboxRelay, type PublishEvent } from './outbox-relay.js';

// Relays by group (decision 0012): each outbox row's group is a function of its stream, one relay at a time drains a
// group, and relays of several replicas drain different groups at once.

const groupOf = async (db: DataSource, streamId: string) =>
  z.array(z.object({ g: z.number() })).parse(await db.query(`SELECT outbox_relay_group($1) AS g`, [streamId]))[0]!.g;

/** Appends `perStream` events to each of `count` charger streams, one append per event, streams interleaved. */
async function appendInterleaved(rig: StoreRig, prefix: string, count: number, perStream: number) {
  const appended = new Map<string, NewEvent[]>();
  for (let v = 0; v < perStream; v++)
    for (let s = 0; s < count; s++) {
      const streamId = `charger-${prefix}${s}`;
      const event = anEvent(`${prefix}${s}`);
      await rig.store.append(streamId, v, [event]);
      appended.set(streamId, [...(appended.get(streamId) ?? []), event]);
    }
  return appended;
}

/** The events on the bus from stream sequence `after` on, in stream order. */
async function onTheBus(bus: NatsBus, after: number): Promise<EventEnvelope[]> {
  const name = bus.stream(streams.chargerEvents.name);
  const last = (await bus.jsm.streams.info(name)).state.last_seq;
  const out: EventEnvelope[] = [];
  for (let seq = after + 1; seq <= last; seq++) {
    const message = await bus.jsm.streams.getMessage(name, { seq });
    if (!message) throw new Error(`no message ${seq} on ${name}`);
    out.push(EventEnvelope.parse(message.json()));
  }
  return out;
}

const lastSeq = async (bus: NatsBus) =>
  (await bus.jsm.streams.info(bus.stream(streams.chargerEvents.name))).state.last_seq;

const idsByStream = (events: readonly { id: string; streamId?: string }[], streamId: string) =>
  events.filter((e) => e.streamId === streamId).map((e) => e.id);

describe('outbox relays by group (real PostgreSQL and NATS)', () => {
  const rig = useEventStore({ nats: true });
  let bus: NatsBus;
  let second: DataSource;
  const relays: OutboxRelay[] = [];
  const publishOn: PublishEvent = (subject, event) => bus.publish(subject, event, event.id).then(() => undefined);
  const relay = (db: DataSource, publish: PublishEvent, batchSize?: number) => {
    const made = new OutboxRelay(db, publish, {
      databaseUrl: rig.infra.databaseUrl,
      ...relayLimits,
      ...(batchSize ? { batchSize } : {}),
      pollMs: 3_600_000,
    });
    relays.push(made);
    return made;
  };

  beforeAll(async () => {
    bus = await NatsBus.connect({ url: rig.infra.natsUrl, name: 'relay-groups-spec', prefix: rig.infra.runId });
    await bus.ensureStreams([streams.chargerEvents]);
    // A second replica: a pool of its own on the same database.
    second = createDataSource(rig.infra.databaseUrl, eventStoreMigrations, 10);
    await second.initialize();
  });
  afterEach(async () => {
    for (const r of relays.splice(0)) await r.stop();
    await rig.db.query(`DELETE FROM outbox`);
  });
  afterAll(async () => {
    await second?.destroy();
    await bus?.deleteStreams([streams.chargerEvents]);
    await bus?.close();
  });

  it('two relays draining at once take different groups and together publish everything once, in stream order', async () => {
    // Given 40 streams of three events each, spread over the groups
    const appended = await appendInterleaved(rig, 'T', 40, 3);
    const groupOfEvent = new Map(
      z
        .array(z.object({ event_id: z.string(), relay_group: z.number() }))
        .parse(await rig.db.query(`SELECT event_id::text, relay_group FROM outbox`))
        .map((r) => [r.event_id, r.relay_group]),
    );
    expect(new Set(groupOfEvent.values()).size).toBe(8);
    const from = await lastSeq(bus);
    const by = new Map<string, 'a' | 'b'>();
    const twice: string[] = [];
    const record = (who: 'a' | 'b', id: string) => {
      if (by.has(id)) twice.push(id);
      by.set(id, who);
    };
    // Relay A holds its first groups until relay B has published: B can only have found groups A does not hold.
    let bPublished!: () => void;
    const bHasPublished = new Promise<void>((resolve) => (bPublished = resolve));
    const a = relay(rig.db, async (subject, event) => {
      await Promise.race([bHasPublished, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await publishOn(subject, event);
      record('a', event.id);
    });
    const b = relay(second, async (subject, event) => {
      await publishOn(subject, event);
      record('b', event.id);
      bPublished();
    });

    // When both drain at once
    const [byA, byB] = await Promise.all([a.drainOnce(), b.drainOnce()]);

    // Then both published, no group went through both, and each event is on the bus once, in its stream's order
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(byA + byB).toBe(120);
    expect(twice).toEqual([]);
    const relaysOfGroup = new Map<number, Set<string>>();
    for (const [id, who] of by) {
      const group = groupOfEvent.get(id)!;
      relaysOfGroup.set(group, (relaysOfGroup.get(group) ?? new Set()).add(who));
    }
    expect([...relaysOfGroup.values()].every((who) => who.size === 1)).toBe(true);
    const onBus = await onTheBus(bus, from);
    expect(onBus).toHaveLength(120);
    for (const [streamId, events] of appended) expect(idsByStream(onBus, streamId)).toEqual(events.map((e) => e.id));
    expect(await rig.db.query(`SELECT 1 FROM outbox`)).toHaveLength(0);
  });

  it('one relay alone drains every group, woken by the appends’ NOTIFY', async () => {
    // Given one relay running, its poll an hour away
    const from = await lastSeq(bus);
    const published: string[] = [];
    await relay(rig.db, async (subject, event) => {
      await publishOn(subject, event);
      published.push(event.id);
    }).start();

    // When 30 streams get two events each
    const appended = await appendInterleaved(rig, 'U', 30, 2);
    const groups = new Set(
      z
        .array(z.object({ g: z.number() }))
        .parse(await rig.db.query(`SELECT outbox_relay_group('charger-U' || s) AS g FROM generate_series(0, 29) s`))
        .map((r) => r.g),
    );
    expect(groups.size).toBe(8);

    // Then it publishes all of them, each stream in order
    await vi.waitFor(() => expect(published).toHaveLength(60), { timeout: 15_000 });
    const onBus = await onTheBus(bus, from);
    for (const [streamId, events] of appended) expect(idsByStream(onBus, streamId)).toEqual(events.map((e) => e.id));
    expect(await rig.db.query(`SELECT 1 FROM outbox`)).toHaveLength(0);
  });

  it('a failed publish holds back its own stream only, not another group', async () => {
    // Given stream V in one group with a failing first publish, stream W in another with more rows than a batch
    const v = 'charger-V';
    let w = 'charger-W0';
    for (let i = 1; (await groupOf(rig.db, w)) === (await groupOf(rig.db, v)); i++) w = `charger-W${i}`;
    const vEvents = [anEvent('V'), anEvent('V')];
    const wEvents = Array.from({ length: 7 }, () => anEvent(w.slice('charger-'.length)));
    await rig.store.append(v, 0, vEvents);
    await rig.store.append(w, 0, wEvents);
    const from = await lastSeq(bus);
    let failNext = vEvents[0]!.id;
    const r = relay(
      rig.db,
      async (subject, event) => {
        if (event.id === failNext) {
          failNext = '';
          throw new Error('JetStream did not acknowledge');
        }
        await publishOn(subject, event);
      },
      2,
    );

    // When one pass runs with batches of two
    await expect(r.drainOnce()).rejects.toThrow('JetStream did not acknowledge');

    // Then W's group was drained whole in that pass; V's events wait, in order, for the next one
    expect(idsByStream(await onTheBus(bus, from), w)).toEqual(wEvents.map((e) => e.id));
    const left = z
      .array(z.object({ event_id: z.string() }))
      .parse(await rig.db.query(`SELECT event_id::text FROM outbox ORDER BY outbox.id`));
    expect(left.map((row) => row.event_id)).toEqual(vEvents.map((e) => e.id));
    expect(await r.drainOnce()).toBe(2);
    expect(idsByStream(await onTheBus(bus, from), v)).toEqual(vEvents.map((e) => e.id));
  });
});

describe('the relay-groups migration (real PostgreSQL)', () => {
  const rig = useEventStore();

  it('gives the rows already waiting their stream’s group, the one new rows of the stream get, and undoes cleanly', async () => {
    // Given rows appended before the migration (the schema of the version before it)
    await rig.db.undoLastMigration({ transaction: 'each' });
    const before = await appendInterleaved(rig, 'M', 12, 2);

    // When the migration runs
    expect(await migrate(rig.db)).toEqual(['OutboxRelayGroups1732500008400']);

    // Then each waiting row has its stream's group, in the same id order, and a later row of the stream joins it
    const after = anEvent('M0');
    await rig.store.append('charger-M0', 2, [after]);
    const rows = z.array(z.object({ stream: z.string(), relay_group: z.number(), expected: z.number() })).parse(
      await rig.db.query(
        `SELECT payload->>'streamId' AS stream, relay_group, outbox_relay_group(payload->>'streamId') AS expected
             FROM outbox ORDER BY outbox.id`,
      ),
    );
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.relay_group === r.expected)).toBe(true);
    expect(new Set(rows.map((r) => r.relay_group)).size).toBeGreaterThan(1);
    expect(new Set(rows.filter((r) => r.stream === 'charger-M0').map((r) => r.relay_group)).size).toBe(1);
    expect(rows.slice(0, 24).map((r) => r.stream)).toEqual([0, 1].flatMap(() => [...before.keys()]));

    // And a relay publishes them in each stream's order
    const published: EventEnvelope[] = [];
    const r = new OutboxRelay(rig.db, async (_subject, event) => void published.push(event), {
      databaseUrl: rig.infra.databaseUrl,
      ...relayLimits,
    });
    expect(await r.drainOnce()).toBe(25);
    for (const [streamId, events] of before)
      expect(idsByStream(published, streamId)).toEqual(
        [...events, ...(streamId === 'charger-M0' ? [after] : [])].map((e) => e.id),
      );

    // And the down migration leaves the schema of the version before
    await rig.store.append('charger-M1', 2, [anEvent('M1')]);
    await rig.db.undoLastMigration({ transaction: 'each' });
    const columns = z.array(z.object({ column_name: z.string() })).parse(
      await rig.db.query(
        `SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'outbox'`,
      ),
    );
    expect(columns.map((c) => c.column_name)).not.toContain('relay_group');
    expect(await rig.db.query(`SELECT 1 FROM outbox`)).toHaveLength(1);
    expect(await migrate(rig.db)).toEqual(['OutboxRelayGroups1732500008400']);
  });
});
