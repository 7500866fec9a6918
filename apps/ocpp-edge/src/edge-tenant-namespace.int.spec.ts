import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';
import { basic, upgrade } from '../test/raw-charger.js';

describe('ocpp-edge: per-tenant URL namespace /ocpp/{tenantId}/{chargerId}', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let password: string;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra);
    password = await harness.register('CP-NS', undefined, 'tnt_alpha');
    await harness.register('CP-BETA', undefined, 'tnt_beta');
  });

  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  const namespaced = (tenantId: string, chargerId = 'CP-NS') =>
    `${harness.url}/${encodeURIComponent(tenantId)}/${encodeURIComponent(chargerId)}`;
  const offer = (authorization = basic('CP-NS', password)) => ({ authorization, protocols: ['ocpp1.6'] });

  it('connects a charger under its own tenant, and serves it like any other', async () => {
    const result = await upgrade(namespaced('tnt_alpha'), offer());
    expect(result.status).toBe(101);
    expect(result.socket?.ws.protocol).toBe('ocpp1.6');
    result.socket?.close();
    const charger = await harness.connect('CP-NS', password, { endpoint: `${harness.url}/tnt_alpha` });
    expect(await charger.call('Heartbeat', {})).toHaveProperty('currentTime');
    await charger.close({});
  });

  it('answers 404 for a charger of another tenant, with its right credentials or without any', async () => {
    expect((await upgrade(namespaced('tnt_beta'), offer())).status).toBe(404);
    expect((await upgrade(namespaced('tnt_beta'), { protocols: ['ocpp1.6'] })).status).toBe(404);
  });

  it('answers 404 for an unknown tenant, exactly like an unknown charger', async () => {
    const unknownTenant = await upgrade(namespaced('tnt_nobody'), offer());
    const unknownCharger = await upgrade(namespaced('tnt_alpha', 'CP-NOBODY'), offer(basic('CP-NOBODY', 'x')));
    expect(unknownTenant.status).toBe(404);
    expect(unknownCharger.status).toBe(404);
    expect(unknownTenant.headers).not.toHaveProperty('www-authenticate');
  });

  it('still checks the credentials under the right tenant (401)', async () => {
    const result = await upgrade(namespaced('tnt_alpha'), offer(basic('CP-NS', 'not-the-key')));
    expect(result.status).toBe(401);
  });

  it('keeps the plain /ocpp/{chargerId} form working for every tenant', async () => {
    const result = await upgrade(`${harness.url}/CP-NS`, offer());
    expect(result.status).toBe(101);
    result.socket?.close();
    const beta = await upgrade(`${harness.url}/CP-BETA`, offer(basic('CP-BETA', 'pw-CP-BETA-0123456789')));
    expect(beta.status).toBe(101);
    beta.socket?.close();
  });

  it('percent-decodes each segment on its own; a slash only travels as %2F', async () => {
    const id = 'CP:NS~1';
    const key = await harness.register(id, undefined, 'tnt_alpha');
    const result = await upgrade(namespaced('tnt_alpha', id), offer(basic(id, key)));
    expect(result.status).toBe(101);
    result.socket?.close();
    expect((await upgrade(`${harness.url}/tnt_alpha/CP-NS/extra`, offer())).status).toBe(404);
    expect((await upgrade(`${harness.url}/tnt%ZZ/CP-NS`, offer())).status).toBe(400);
  });
});
