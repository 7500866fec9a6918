import type { EventEnvelope } from '@chargeplane/contracts-events';
import { anEvent, useEventStore } from './event-store.spec-support.js';
import { OutboxRelay } from './outbox-relay.js';

describe('outbox relay when a publish fails (real PostgreSQL)', () => {
  const rig = useEventStore();

  it('keeps the failed stream’s later events for the next pass, publishes the other streams, and loses nothing', async () => {
    const x = [anEvent('X'), anEvent('X'), anEvent('X')];
    const y = [anEvent('Y'), anEvent('Y')];
    await rig.store.append('charger-X', 0, x.slice(0, 1));
    await rig.store.append('charger-Y', 0, y);
    await rig.store.append('charger-X', 1, x.slice(1));
    const published: EventEnvelope[] = [];
    let failNext = x[1]!.id;
    const relay = new OutboxRelay(
      rig.db,
      async (_subject, event) => {
        if (event.id === failNext) {
          failNext = '';
          throw new Error('JetStream did not acknowledge');
        }
        published.push(event);
      },
      { databaseUrl: rig.infra.databaseUrl },
    );

    await expect(relay.drainOnce()).rejects.toThrow('JetStream did not acknowledge');
    expect(published.map((e) => e.id).sort()).toEqual([x[0]!.id, ...y.map((e) => e.id)].sort());
    const left = (await rig.db.query(`SELECT event_id::text AS id FROM outbox ORDER BY outbox.id`)) as { id: string }[];
    expect(left.map((r) => r.id)).toEqual([x[1]!.id, x[2]!.id]);

    expect(await relay.drainOnce()).toBe(2);
    const ofStream = (streamId: string) => published.filter((e) => e.streamId === streamId).map((e) => e.id);
    expect(ofStream('charger-X')).toEqual(x.map((e) => e.id));
    expect(ofStream('charger-Y')).toEqual(y.map((e) => e.id));
    expect(await rig.db.query(`SELECT 1 FROM outbox`)).toHaveLength(0);
  });
});
