import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  subjects,
  TwinDriftCheckRequest,
  TwinSummaryRequest,
  type Twin,
  type TwinChange,
} from '@chargeplane/contracts-api';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

// device-twin is another context: here it is stood in for by responders and publishers on the same NATS,
// speaking only the contracts (twin.summary, twin.drift.check, twin.changed.{tenantId}).
const twinOf = (tenantId: string, chargerId: string, version: number): Twin => ({
  chargerId,
  tenantId,
  model: 'zappi',
  jurisdiction: 'GB',
  tags: [],
  vendor: null,
  firmwareVersion: null,
  commercialMode: null,
  connected: true,
  lastSeenAt: null,
  slots: { used: 0, max: 84 },
  writeBudget: null,
  profiles: [],
  configuration: {},
  transactions: [],
  version,
  updatedAt: new Date(0).toISOString(),
});
const change = (tenantId: string, chargerId: string, version: number): TwinChange => ({
  tenantId,
  chargerId,
  version,
  twin: twinOf(tenantId, chargerId, version),
});

/** A server-sent-events client: the raw frames as they arrive. */
async function openStream(url: string, key: string) {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}` }, signal: abort.signal });
  let text = '';
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })();
  const frames = () => text.split('\n\n').filter(Boolean);
  await vi.waitFor(() => expect(text).toContain(': connected'), { timeout: 5000 });
  return {
    res,
    ids: () => frames().flatMap((f) => (/^id: (.*)$/m.exec(f)?.[1] ? [/^id: (.*)$/m.exec(f)![1]!] : [])),
    data: () =>
      frames().flatMap((f) =>
        /^data: (.*)$/m.exec(f) ? [JSON.parse(/^data: (.*)$/m.exec(f)![1]!) as TwinChange] : [],
      ),
    done: () => pump,
    async close() {
      abort.abort();
      await pump;
    },
  };
}

describe('Fleet summary, drift check and live twin changes (profile-command, real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let base: string;
  const keys: Record<'A' | 'B', string> = { A: '', B: '' };
  const tenants: Record<'A' | 'B', string> = { A: '', B: '' };
  const asked: { summary: string[]; drift: { tenantId: string; chargerId: string }[] } = { summary: [], drift: [] };

  beforeAll(async () => {
    t = await startTestApp();
    for (const name of ['A', 'B'] as const) {
      const created = await t.call('POST', '/v1/tenants', adminKey, { name });
      keys[name] = String(created.body['apiKey']);
      tenants[name] = String(created.body['tenantId']);
    }
    for (const [key, id] of [
      [keys.A, 'A-1'],
      [keys.A, 'A-2'],
      [keys.B, 'B-1'],
    ] as const)
      await t.call('POST', '/v1/chargers', key, { chargerId: id, model: 'zappi' });
    const bus = t.parts.bus;
    bus.serve(subjects.twinSummary, TwinSummaryRequest, async (q) => {
      asked.summary.push(q.tenantId);
      return {
        tenantId: q.tenantId,
        total: 2,
        connected: 1,
        outOfSync: 0,
        budgetExhausted: 0,
        byModel: { zappi: 2 },
        bySyncState: { 'in-sync': 1, dispatched: 0, deferred: 0, 'awaiting-connection': 0, rejected: 0, failed: 0 },
        at: new Date(0).toISOString(),
      };
    });
    bus.serve(subjects.twinDriftCheck, TwinDriftCheckRequest, async (q) => {
      asked.drift.push({ tenantId: q.tenantId, chargerId: q.chargerId });
      const schedule = {
        status: 'no-information',
        reason: 'empty',
        connectorId: 1,
        durationSeconds: 86400,
        unit: 'A',
        scheduleStart: null,
        expected: [],
        reported: [],
        differences: [],
      };
      const configuration = { status: 'match', reason: null, compared: 1, differences: [] };
      const data = {
        chargerId: q.chargerId,
        twinVersion: 3,
        checkedAt: new Date(0).toISOString(),
        outcome: 'in-agreement',
        configuration,
        schedule,
      };
      return {
        id: randomUUID(),
        type: 'TwinDriftChecked',
        schemaVersion: 1,
        tenantId: q.tenantId,
        chargerId: q.chargerId,
        occurredAt: new Date(0).toISOString(),
        correlationId: q.correlationId ?? 'c',
        causationId: null,
        data,
      };
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.stop();
  });

  const publish = (c: TwinChange, asTenant = c.tenantId) =>
    t.parts.bus.nc.publish(t.parts.bus.subject(subjects.twinChanged(asTenant)), JSON.stringify(c));

  it('answers the fleet summary of the key’s own tenant only', async () => {
    const res = await t.call('GET', '/v1/fleet/summary', keys.A);
    expect(res).toMatchObject({ status: 200, body: { tenantId: tenants.A, total: 2, byModel: { zappi: 2 } } });
    expect(asked.summary).toEqual([tenants.A]);
    expect((await t.call('GET', '/v1/fleet/summary', null)).status).toBe(401);
  });

  it('runs a drift check for an owned charger and answers 404 for another tenant’s', async () => {
    const res = await t.call('POST', '/v1/chargers/A-1/drift-check', keys.A);
    expect(res).toMatchObject({
      status: 200,
      body: { type: 'TwinDriftChecked', chargerId: 'A-1', tenantId: tenants.A, data: { outcome: 'in-agreement' } },
    });
    expect((await t.call('POST', '/v1/chargers/B-1/drift-check', keys.A)).status).toBe(404);
    expect(asked.drift).toEqual([{ tenantId: tenants.A, chargerId: 'A-1' }]);
  });

  it('streams the tenant’s twin changes in order as server-sent events, and nothing of another tenant', async () => {
    const a = await openStream(`${base}/v1/chargers/stream`, keys.A);
    const b = await openStream(`${base}/v1/chargers/stream`, keys.B);
    expect(a.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    publish(change(tenants.B, 'B-1', 1));
    for (const [id, v] of [
      ['A-1', 1],
      ['A-2', 1],
      ['A-1', 2],
      ['A-1', 3],
      ['A-2', 2],
    ] as const)
      publish(change(tenants.A, id, v));
    publish(change(tenants.B, 'B-1', 2), tenants.A); // a message on A's subject that claims B is dropped
    await vi.waitFor(() => expect(a.ids()).toHaveLength(5), { timeout: 5000 });
    await vi.waitFor(() => expect(b.ids()).toEqual(['B-1:1']), { timeout: 5000 });
    expect(a.ids()).toEqual(['A-1:1', 'A-2:1', 'A-1:2', 'A-1:3', 'A-2:2']);
    expect(a.data().every((c) => c.tenantId === tenants.A && c.twin.tenantId === tenants.A)).toBe(true);
    await a.close();
    await b.close();
    await vi.waitFor(() => expect(t.parts.fleet.changes.openTenants).toBe(0), { timeout: 5000 });
  });

  it('filters one charger with ?chargerId=, and answers 404 for another tenant’s charger and 401 without a key', async () => {
    const one = await openStream(`${base}/v1/chargers/stream?chargerId=A-2`, keys.A);
    publish(change(tenants.A, 'A-1', 4));
    publish(change(tenants.A, 'A-2', 3));
    await vi.waitFor(() => expect(one.ids()).toEqual(['A-2:3']), { timeout: 5000 });
    await one.close();
    expect(
      (await fetch(`${base}/v1/chargers/stream?chargerId=B-1`, { headers: { authorization: `Bearer ${keys.A}` } }))
        .status,
    ).toBe(404);
    expect((await fetch(`${base}/v1/chargers/stream`)).status).toBe(401);
    expect((await t.call('GET', '/v1/chargers/A-1', keys.A)).headers['content-type']).not.toMatch(/event-stream/);
  });

  it('ends open streams when the application shuts down, instead of waiting for the clients', async () => {
    const open = await openStream(`${base}/v1/chargers/stream`, keys.A);
    const ended = open.done();
    await t.app.close();
    await expect(ended).resolves.toBeUndefined();
  });
});
