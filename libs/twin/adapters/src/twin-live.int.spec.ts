import {
  DEFAULT_CHARGER_PARTITIONS,
  streams,
  subjects,
  Twin,
  TwinChange,
  TwinPage,
  TwinSummary,
} from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { NatsBus, partitionDurable } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { Registry } from 'prom-client';
import { ProjectionMetrics } from './projection-lag.metrics.js';
import { observeAll, TwinChangePublisher } from './twin-changes.publisher.js';
import { TwinProjection } from './twin.projection.js';
import { serveTwinQueries } from './twin-queries.responder.js';
import {
  appendTo,
  disconnect,
  onboarding,
  provideTwinInfra,
  writeCycle,
  type TwinInfra,
} from './twin-test.spec-support.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('Twin queries, live changes and lag (real PostgreSQL and NATS)', () => {
  let t: TwinInfra;
  let client: NatsBus;
  let metrics: ProjectionMetrics;
  let registry: Registry;
  const durable = () => `live-${t.infra.runId}`;
  const received: Record<'a' | 'b', TwinChange[]> = { a: [], b: [] };
  const published: EventEnvelope[] = [];

  beforeAll(async () => {
    t = await provideTwinInfra();
    client = await NatsBus.connect({ url: t.infra.natsUrl, name: 'twin-client', prefix: t.infra.runId });
    for (const tenant of ['a', 'b'] as const) {
      client.nc.subscribe(client.subject(subjects.twinChanged(`tenant-${tenant}`)), {
        callback: (_e, msg) => void received[tenant].push(TwinChange.parse(msg.json())),
      });
    }
    await client.nc.flush();
    serveTwinQueries(t.bus, t.twins, () => NOW);
    registry = new Registry();
    metrics = new ProjectionMetrics(t.bus, durable(), () => Date.now(), registry);
    // Tenant a: three chargers (one rejected write, one offline); tenant b: two.
    const histories: [string, string, ReturnType<typeof onboarding>][] = [
      [
        'A-1',
        'tenant-a',
        [...onboarding('A-1', 'tenant-a', ['north']), ...writeCycle('A-1', 'tenant-a', 1, 'Accepted', 2)],
      ],
      [
        'A-2',
        'tenant-a',
        [...onboarding('A-2', 'tenant-a', ['south']), ...writeCycle('A-2', 'tenant-a', 1, 'Rejected', 2)],
      ],
      ['A-3', 'tenant-a', [...onboarding('A-3', 'tenant-a', ['north']), disconnect('A-3', 'tenant-a', 3)]],
      [
        'B-1',
        'tenant-b',
        [...onboarding('B-1', 'tenant-b', ['north']), ...writeCycle('B-1', 'tenant-b', 1, 'Accepted', 2)],
      ],
      ['B-2', 'tenant-b', onboarding('B-2', 'tenant-b', ['north'])],
    ];
    for (const [id, , events] of histories) published.push(...(await appendTo(t.store, id, events)));
    for (const e of published) await t.bus.publish(subjects.chargerEvents(e.chargerId), e, e.id);
  });
  afterAll(async () => {
    await client?.close();
    await t?.stop();
  });

  it('reports how far behind the projection is, then catches up', async () => {
    // Every partition's durable, as the group makes them (docs/architecture.md §7), before anything is applied.
    for (let k = 0; k < DEFAULT_CHARGER_PARTITIONS; k++)
      await t.bus.durableConsumer(
        streams.chargerEvents.name,
        partitionDurable(durable(), k),
        subjects.chargerEventsPartition(k),
      );
    expect(await metrics.lag()).toEqual({ eventsBehind: published.length, secondsBehind: 0 });
    const projection = new TwinProjection(
      t.bus,
      t.twins,
      t.store,
      createLogger('twin-test', 'silent'),
      observeAll(metrics, new TwinChangePublisher(t.bus, () => NOW)),
    );
    await projection.start(durable());
    await vi.waitFor(async () => expect((await metrics.lag()).eventsBehind).toBe(0), { timeout: 10_000 });
    await projection.stop();
    const text = await registry.metrics();
    expect(text).toMatch(/^twin_projection_events_behind 0$/m);
    expect(text).toMatch(/^twin_projection_seconds_behind 0$/m);
    expect(text).toContain(`twin_projection_events_applied_total ${published.length}`);
  });

  it('publishes each written twin on its tenant’s subject, versions rising per charger up to the last', async () => {
    const last = new Map(published.map((e) => [e.chargerId, e.streamVersion]));
    const shown = (c: TwinChange) => c.version === last.get(c.chargerId);
    await vi.waitFor(() => expect([...received.a, ...received.b].filter(shown)).toHaveLength(last.size), {
      timeout: 5000,
    });
    expect(received.a.every((c) => c.tenantId === 'tenant-a' && c.chargerId.startsWith('A-'))).toBe(true);
    expect(received.b.every((c) => c.tenantId === 'tenant-b' && c.chargerId.startsWith('B-'))).toBe(true);
    for (const id of ['A-1', 'A-2', 'A-3']) {
      const versions = received.a.filter((c) => c.chargerId === id).map((c) => c.version);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
      expect(new Set(versions).size).toBe(versions.length);
    }
    expect(received.a.findLast((c) => c.chargerId === 'A-2')?.twin.profiles[0]).toMatchObject({
      sync: 'rejected',
      lastRejection: { status: 'Rejected' },
    });
  });

  it('summarises a tenant’s fleet, and only that tenant’s', async () => {
    const a = await client.request(subjects.twinSummary, { tenantId: 'tenant-a' }, TwinSummary);
    expect(a).toEqual({
      tenantId: 'tenant-a',
      total: 3,
      connected: 2,
      outOfSync: 1,
      budgetExhausted: 0,
      byModel: { zappi: 3 },
      bySyncState: { 'in-sync': 1, dispatched: 0, deferred: 0, 'awaiting-connection': 0, rejected: 1, failed: 0 },
      at: new Date(NOW).toISOString(),
    });
    expect(await client.request(subjects.twinSummary, { tenantId: 'tenant-b' }, TwinSummary)).toMatchObject({
      total: 2,
      connected: 2,
      outOfSync: 0,
    });
    expect(await client.request(subjects.twinSummary, { tenantId: 'tenant-c' }, TwinSummary)).toMatchObject({
      total: 0,
      byModel: {},
    });
  });

  it('lists and gets twins with filters without ever showing another tenant’s', async () => {
    const ids = async (q: Record<string, unknown>) =>
      (await client.request(subjects.twinList, q, TwinPage)).items.map((i) => i.chargerId);
    expect(await ids({ tenantId: 'tenant-a' })).toEqual(['A-1', 'A-2', 'A-3']);
    expect(await ids({ tenantId: 'tenant-a', tag: 'north' })).toEqual(['A-1', 'A-3']);
    expect(await ids({ tenantId: 'tenant-a', connected: false })).toEqual(['A-3']);
    expect(await ids({ tenantId: 'tenant-a', outOfSync: true })).toEqual(['A-2']);
    expect(await ids({ tenantId: 'tenant-a', slotsAbove: 0 })).toEqual(['A-1']);
    expect(await ids({ tenantId: 'tenant-b', tag: 'north', connected: true })).toEqual(['B-1', 'B-2']);
    const page = await client.request(subjects.twinList, { tenantId: 'tenant-a', limit: 2 }, TwinPage);
    expect(page.nextCursor).toBe('A-2');
    expect(await ids({ tenantId: 'tenant-a', cursor: 'A-2' })).toEqual(['A-3']);
    await expect(
      client.request(subjects.twinGet, { tenantId: 'tenant-b', chargerId: 'A-1' }, Twin),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await client.request(subjects.twinGet, { tenantId: 'tenant-a', chargerId: 'A-1' }, Twin)).toMatchObject({
      chargerId: 'A-1',
      slots: { used: 1, max: 84 },
    });
  });
});
