import { once } from 'node:events';
import { connectionFacts } from '@chargeplane/contracts-api';
import { RequestError } from '@chargeplane/platform-messaging';
import { eventually, provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';
import { basic, openRaw, upgrade } from '../test/raw-charger.js';

describe('ocpp-edge: connection lifecycle', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let password: string;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra, { PING_INTERVAL_SECONDS: 1 });
    password = await harness.register('CP-LIFE');
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  it('replaces an older connection of the same charger: closed with 4000, calls follow the newer one', async () => {
    const before = (await harness.facts('CP-LIFE')).length;
    const older = await harness.connect('CP-LIFE', password);
    older.handle('ClearCache', async () => ({ status: 'Rejected' }));
    const olderGone = once(older, 'disconnect');
    const newer = await harness.connect('CP-LIFE', password);
    newer.handle('ClearCache', async () => ({ status: 'Accepted' }));
    const [closed] = (await olderGone) as [{ code: number; reason: string }];
    expect(closed).toEqual({ code: 4000, reason: 'replaced by a newer connection' });
    expect(await harness.call('CP-LIFE', 'ClearCache', {})).toMatchObject({
      kind: 'result',
      payload: { status: 'Accepted' },
    });

    const facts = (await harness.facts('CP-LIFE')).slice(before);
    const lifecycle = facts.filter(
      (f) => f.action === connectionFacts.connected || f.action === connectionFacts.disconnected,
    );
    expect(lifecycle.map((f) => f.action)).toEqual(['Connected', 'Disconnected', 'Connected']);
    expect(lifecycle[0]?.context.connectionId).toBe(lifecycle[1]?.context.connectionId);
    expect(lifecycle[1]?.request).toEqual({ reason: 'replaced by a newer connection' });
    expect(lifecycle[2]?.context.connectionId).not.toBe(lifecycle[0]?.context.connectionId);
    await newer.close({});
  });

  it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
    const silent = await openRaw(`${harness.url}/CP-LIFE`, basic('CP-LIFE', password), { autoPong: false });
    const polite = await harness.connect('CP-LIFE-2', await harness.register('CP-LIFE-2'));
    const started = Date.now();
    expect((await silent.closed).code).toBe(1006);
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(polite.state).toBe(1);
    await polite.close({});
    const last = await eventually(async () => {
      const fact = (await harness.facts('CP-LIFE')).at(-1);
      return fact?.action === connectionFacts.disconnected ? fact : undefined;
    });
    expect(last.request).toEqual({ reason: 'no pong to the previous ping' });
  });

  it('serves /healthz, /readyz and /metrics on the ops port', async () => {
    const base = `http://127.0.0.1:${harness.edge.metricsPort}`;
    const charger = await harness.connect('CP-LIFE', password);
    expect((await upgrade(`${harness.url}/CP-LIFE`, { authorization: basic('CP-LIFE', 'wrong') })).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^ocpp_edge_connections\{app="ocpp-edge"\} 1$/m);
    expect(metrics).toMatch(
      /^ocpp_edge_frames_total\{direction="in",kind="call",action="Heartbeat",app="ocpp-edge"\} [1-9]/m,
    );
    expect(metrics).toMatch(/^ocpp_edge_errors_total\{code="upgrade_401",app="ocpp-edge"\} [1-9]/m);
    await charger.close({});
  });

  it('on shutdown refuses new chargers, closes sockets with 1001 and records their Disconnected', async () => {
    const edge = await EdgeHarness.start({ natsUrl: infra.natsUrl, runId: `${infra.runId}down` });
    try {
      const key = await edge.register('CP-DOWN');
      const charger = await edge.connect('CP-DOWN', key);
      const gone = once(charger, 'disconnect');
      await edge.edge.close();
      expect((await gone)[0]).toEqual({ code: 1001, reason: 'server shutting down' });
      expect((await edge.facts('CP-DOWN')).at(-1)?.request).toEqual({ reason: 'edge shutting down' });
      const call = await edge.call('CP-DOWN', 'ClearCache', {}).catch((error: unknown) => error);
      expect((call as RequestError).code).toBe('UNAVAILABLE');
      await expect(upgrade(`${edge.url}/CP-DOWN`, { authorization: basic('CP-DOWN', key) })).rejects.toThrow(
        /ECONNREFUSED/,
      );
    } finally {
      await edge.stop();
    }
  });
});
