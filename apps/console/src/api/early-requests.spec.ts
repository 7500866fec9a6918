// The fleet page's early reads: started before the application loads, taken once by the query that asks for them.

interface Sent {
  path: string;
  authorization: string | undefined;
}

/** A fresh copy of the module with a browser's session, address and fetch, recording what was sent. */
async function browserWith(session: object | null, hash: string) {
  vi.resetModules();
  const stored = new Map<string, string>();
  if (session) stored.set('chargeplane.console.session', JSON.stringify(session));
  const sent: Sent[] = [];
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => stored.get(k) ?? null });
  vi.stubGlobal('location', { hash });
  vi.stubGlobal('fetch', (path: string, init: { headers: Record<string, string> }) => {
    sent.push({ path, authorization: init.headers['authorization'] });
    return Promise.resolve(new Response(JSON.stringify({ path }), { status: 200 }));
  });
  return { sent, module: await import('./early-requests.js') };
}

afterEach(() => vi.unstubAllGlobals());

describe('early reads of the fleet page', () => {
  it('given a tenant key on the fleet page, when the console starts, sends the three reads with that key', async () => {
    const { sent, module } = await browserWith({ key: 'k1', role: 'tenant' }, '#/fleet');
    module.startEarlyRequests();
    expect(sent).toEqual([
      { path: '/v1/fleet/summary', authorization: 'Bearer k1' },
      { path: '/v1/compliance/report?limit=1', authorization: 'Bearer k1' },
      { path: '/v1/chargers?limit=50', authorization: 'Bearer k1' },
    ]);
    expect(module.earlyKey()).toBe('k1');
  });

  it('given the early reads, when a query asks for one, hands its answer over once and only for the same key', async () => {
    const { module } = await browserWith({ key: 'k1', role: 'tenant' }, '');
    module.startEarlyRequests();
    expect(module.takeEarly('another-key', '/v1/fleet/summary')).toBeUndefined();
    expect(module.takeEarly('k1', '/v1/fleet/summary')).toBeUndefined();
    const page = module.takeEarly('k1', '/v1/chargers?limit=50');
    expect(await (await page!).json()).toEqual({ path: '/v1/chargers?limit=50' });
    expect(module.takeEarly('k1', '/v1/chargers?limit=50')).toBeUndefined();
    expect(await (await module.takeEarly('k1', '/v1/compliance/report?limit=1')!).json()).toEqual({
      path: '/v1/compliance/report?limit=1',
    });
    expect(module.earlyKey()).toBeNull();
  });

  it('sends nothing for a charger page, for the admin key, or without a session', async () => {
    for (const [session, hash] of [
      [{ key: 'k1', role: 'tenant' }, '#/chargers/CP-1'],
      [{ key: 'admin', role: 'admin' }, '#/admin'],
      [null, '#/fleet'],
    ] as const) {
      const { sent, module } = await browserWith(session, hash);
      module.startEarlyRequests();
      expect(sent, hash).toEqual([]);
      expect(module.earlyKey()).toBeNull();
    }
  });
});
