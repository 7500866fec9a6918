import type { EventEnvelope } from '@chargeplane/contracts-events';
import { anEvent, relayLimits, useEventStore, type StoreRig } from './event-store.spec-support.js';
import { OutboxRelay, type PublishEvent } from './outbox-relay.js';

// One relay leads each schema's outbox (docs/architecture.md §5): it keeps the lead from pass to pass, hands it
// back when a pass fails or it stops, and the outboxes of two schemas in one database are relayed side by side.
describe('outbox relay lead (real PostgreSQL)', () => {
  const rig = useEventStore();
  const other = useEventStore();
  const relays: OutboxRelay[] = [];
  const relayOn = (on: StoreRig, publish: PublishEvent, pollMs = 3_600_000, leadIdleTimeoutMs?: number) => {
    const relay = new OutboxRelay(on.db, publish, {
      databaseUrl: on.infra.databaseUrl,
      ...relayLimits,
      pollMs,
      ...(leadIdleTimeoutMs ? { leadIdleTimeoutMs } : {}),
    });
    relays.push(relay);
    return relay;
  };
  const into =
    (sink: EventEnvelope[]): PublishEvent =>
    async (_subject, event) =>
      void sink.push(event);

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await rig.db.query(`DELETE FROM outbox`);
    await other.db.query(`DELETE FROM outbox`);
  });

  it('keeps the lead between passes: a second relay of the schema publishes nothing until the first stops', async () => {
    const first: EventEnvelope[] = [];
    const second: EventEnvelope[] = [];
    const a = relayOn(rig, into(first));
    const b = relayOn(rig, into(second));
    const e1 = anEvent('L1');
    await rig.store.append('charger-L1', 0, [e1]);
    expect(await a.drainOnce()).toBe(1);
    expect(a.leading).toBe(true);

    const e2 = anEvent('L1');
    await rig.store.append('charger-L1', 1, [e2]);
    expect(await b.drainOnce()).toBe(0);
    expect(b.leading).toBe(false);
    expect(second).toEqual([]);

    await a.stop();
    expect(await b.drainOnce()).toBe(1);
    expect(b.leading).toBe(true);
    expect([...first, ...second].map((e) => e.id)).toEqual([e1.id, e2.id]);
  });

  it('hands the lead back when a publish fails, so another relay of the schema drains what is left', async () => {
    const healthy: EventEnvelope[] = [];
    const failing = relayOn(rig, async () => {
      throw new Error('no JetStream here');
    });
    const standby = relayOn(rig, into(healthy));
    const events = [anEvent('L2'), anEvent('L2')];
    await rig.store.append('charger-L2', 0, events);
    await expect(failing.drainOnce()).rejects.toThrow('no JetStream here');
    expect(failing.leading).toBe(false);

    expect(await standby.drainOnce()).toBe(2);
    expect(healthy.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('leads each schema on its own: a relay leading one schema does not hold back the relay of another', async () => {
    const here: EventEnvelope[] = [];
    const there: EventEnvelope[] = [];
    const a = relayOn(rig, into(here));
    const b = relayOn(other, into(there));
    await rig.store.append('charger-L3', 0, [anEvent('L3')]);
    const elsewhere = anEvent('L3');
    await other.store.append('charger-L3', 0, [elsewhere]);
    expect(await a.drainOnce()).toBe(1);
    expect(await b.drainOnce()).toBe(1);
    expect([a.leading, b.leading]).toEqual([true, true]);
    expect(there.map((e) => e.id)).toEqual([elsewhere.id]);
  });

  it('is woken by an append in its own schema, and takes the lead on its poll when the relay leading stops', async () => {
    const first: EventEnvelope[] = [];
    const second: EventEnvelope[] = [];
    const a = relayOn(rig, into(first));
    await a.start();
    await vi.waitFor(() => expect(a.leading).toBe(true));
    const b = relayOn(rig, into(second), 100);
    await b.start();

    const woken = anEvent('L4');
    await rig.store.append('charger-L4', 0, [woken]);
    // The poll is an hour away: only the commit's NOTIFY can have started this pass.
    await vi.waitFor(() => expect(first.map((e) => e.id)).toEqual([woken.id]), { timeout: 5_000 });
    expect(b.leading).toBe(false);

    await a.stop();
    const after = anEvent('L4');
    await rig.store.append('charger-L4', 1, [after]);
    await vi.waitFor(() => expect(second.map((e) => e.id)).toEqual([after.id]), { timeout: 5_000 });
    expect(b.leading).toBe(true);
  });

  it('loses the lead when it sends nothing for its idle timeout (a relay frozen while leading), to a relay that polls', async () => {
    const errors: unknown[] = [];
    const frozen = new OutboxRelay(rig.db, async () => undefined, {
      databaseUrl: rig.infra.databaseUrl,
      ...relayLimits,
      pollMs: 3_600_000,
      leadIdleTimeoutMs: 1_000,
      onError: (e) => errors.push(e),
    });
    relays.push(frozen);
    expect(await frozen.drainOnce()).toBe(0);
    expect(frozen.leading).toBe(true);
    const taken: EventEnvelope[] = [];
    const standby = relayOn(rig, into(taken));
    const e = anEvent('L5');
    await rig.store.append('charger-L5', 0, [e]);
    expect(await standby.drainOnce()).toBe(0); // the frozen relay still leads

    // No statement from it for a second: PostgreSQL ends its session, and the lock with it.
    await vi.waitFor(async () => expect(await standby.drainOnce()).toBe(1), { timeout: 10_000, interval: 250 });
    expect(taken.map((x) => x.id)).toEqual([e.id]);
    expect(frozen.leading).toBe(false);
    expect(errors.length).toBeGreaterThan(0); // its lost connection was reported
  });
});
