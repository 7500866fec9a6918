import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';
import { basic, upgrade } from '../test/raw-charger.js';

describe('ocpp-edge: authentication at the upgrade', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let password: string;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra, { AUTH_CACHE_SECONDS: 1 });
    password = await harness.register('CP-SEC');
    await harness.register('CP-OTHER', 'the-other-chargers-key');
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  const url = (id = 'CP-SEC') => `${harness.url}/${encodeURIComponent(id)}`;

  it('accepts the right credentials with the ocpp1.6 subprotocol', async () => {
    const result = await upgrade(url(), { authorization: basic('CP-SEC', password), protocols: ['ocpp1.6'] });
    expect(result.status).toBe(101);
    expect(result.socket?.ws.protocol).toBe('ocpp1.6');
    result.socket?.close();
  });

  it('refuses a request without credentials with 401 and a Basic challenge', async () => {
    const result = await upgrade(url(), { protocols: ['ocpp1.6'] });
    expect(result.status).toBe(401);
    expect(result.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it('refuses a wrong password with 401', async () => {
    const result = await upgrade(url(), { authorization: basic('CP-SEC', 'not-the-key'), protocols: ['ocpp1.6'] });
    expect(result.status).toBe(401);
  });

  it('refuses another charger’s valid credentials on this charger’s URL with 401', async () => {
    const result = await upgrade(url(), {
      authorization: basic('CP-OTHER', 'the-other-chargers-key'),
      protocols: ['ocpp1.6'],
    });
    expect(result.status).toBe(401);
  });

  it('refuses an unknown charger with 404, and paths that name no charger', async () => {
    expect(
      (await upgrade(url('CP-NOBODY'), { authorization: basic('CP-NOBODY', 'x'), protocols: ['ocpp1.6'] })).status,
    ).toBe(404);
    expect((await upgrade(`ws://127.0.0.1:${harness.edge.port}/other/CP-SEC`, { protocols: ['ocpp1.6'] })).status).toBe(
      404,
    );
    expect((await upgrade(`${harness.url}/CP%ZZ`, { protocols: ['ocpp1.6'] })).status).toBe(400);
  });

  it('percent-decodes the charger id of the URL', async () => {
    const id = 'CP:01~a';
    const key = await harness.register(id);
    const charger = await harness.connect(id, key);
    expect(charger.protocol).toBe('ocpp1.6');
    await charger.close({});
  });

  it('completes the handshake without a subprotocol when none is offered, then closes', async () => {
    const result = await upgrade(url(), { authorization: basic('CP-SEC', password) });
    expect(result.status).toBe(101);
    expect(result.headers['sec-websocket-protocol']).toBeUndefined();
    expect(await result.socket?.closed).toMatchObject({ code: 1002 });
  });

  it('selects ocpp1.6 among several offers, and none when only others are offered', async () => {
    const both = await upgrade(url(), {
      authorization: basic('CP-SEC', password),
      protocols: ['ocpp2.0.1', 'ocpp1.6'],
    });
    expect(both.socket?.ws.protocol).toBe('ocpp1.6');
    both.socket?.close();
    // The ws client itself gives up on a server that picked none of its offers.
    await expect(
      upgrade(url(), { authorization: basic('CP-SEC', password), protocols: ['ocpp2.0.1'] }),
    ).rejects.toThrow(/no subprotocol/);
  });

  it('keeps a revoked charger out once the cached lookup expires, and takes a new key at once', async () => {
    const id = 'CP-REVOKED';
    const oldKey = await harness.register(id, 'old-key-0123456789');
    (await upgrade(url(id), { authorization: basic(id, oldKey), protocols: ['ocpp1.6'] })).socket?.close();
    const newKey = await harness.register(id, 'new-key-0123456789');
    const rotated = await upgrade(url(id), { authorization: basic(id, newKey), protocols: ['ocpp1.6'] });
    expect(rotated.status).toBe(101);
    rotated.socket?.close();
    harness.unregister(id);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await upgrade(url(id), { authorization: basic(id, newKey), protocols: ['ocpp1.6'] })).status).toBe(404);
  });

  it('answers 503 while the charger directory is unreachable', async () => {
    const orphan = await EdgeHarness.start({ natsUrl: infra.natsUrl, runId: `${infra.runId}nodir` }, {}, false);
    try {
      const result = await upgrade(`${orphan.url}/CP-SEC`, {
        authorization: basic('CP-SEC', password),
        protocols: ['ocpp1.6'],
      });
      expect(result.status).toBe(503);
    } finally {
      await orphan.stop();
    }
  });
});
