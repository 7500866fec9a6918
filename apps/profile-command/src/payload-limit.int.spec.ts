import { connect, type AddressInfo, type Socket } from 'node:net';
import { aTxDefaultProfileBody } from '@chargeplane/platform-testing';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

const MIB = 1024 * 1024;

describe('HTTP bodies are bounded by what the bus carries (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'payload-limit' })).body['apiKey']);
    expect((await t.call('POST', '/v1/chargers', key, { chargerId: 'PL-1', model: 'zappi' })).status).toBe(201);
  });
  afterAll(async () => t?.stop());

  it('refuses a 1 MiB profile PUT with 413 PAYLOAD_TOO_LARGE, before anything is recorded', async () => {
    const before = (await t.call('GET', '/v1/chargers/PL-1/events', key)).body['items'];
    const res = await t.call('PUT', '/v1/chargers/PL-1/charging-profiles/1', key, {
      ...aTxDefaultProfileBody(1, {
        profile: { chargingProfileKind: 'Relative' },
        schedule: { startSchedule: undefined },
      }),
      padding: 'x'.repeat(MIB),
    });
    const limit = Math.floor(t.parts.bus.maxPayload / 2);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limitBytes: limit } });
    expect(String(res.body['message'])).toMatch(/larger than .* bytes/);
    expect((await t.call('GET', '/v1/chargers/PL-1/events', key)).body['items']).toEqual(before);
  });

  it('refuses a bulk assignment of 1 MiB the same way', async () => {
    const chargerIds = Array.from({ length: 80_000 }, (_, i) => `PL-CHARGER-${i}`);
    const res = await t.call('POST', '/v1/charging-profile-assignments', key, {
      chargerIds,
      connectorId: 1,
      chargingProfile: {},
    });
    expect(JSON.stringify({ chargerIds }).length).toBeGreaterThan(MIB);
    expect(res).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  // The fault drill's oversized requests got a reset instead of their 413 under load: fastify closed the connection
  // on a body it had not read, and the client was still sending it.
  it('reads and drops the rest of a refused body, so a client still sending it gets the 413 and can go on', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    const errors: Error[] = [];
    socket.on('error', (e) => errors.push(e));
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const until = async (what: () => boolean) => {
      for (let waited = 0; !what(); waited += 20) {
        if (waited > 30_000 || errors.length > 0 || socket.destroyed) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const size = 2 * MIB;
    socket.write(
      `PUT /v1/chargers/PL-1/charging-profiles/1 HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
    );
    await until(() => received.includes('PAYLOAD_TOO_LARGE'));
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    expect(received.toLowerCase()).not.toMatch(/connection: close/);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let sent = 0; sent < size; sent += chunk.length) await writeAll(socket, chunk);
    received = '';
    socket.write(`GET /v1/chargers/PL-1/events HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${key}\r\n\r\n`);
    await until(() => /^HTTP\/1\.1 \d{3}/.test(received));
    socket.destroy();
    expect(errors).toEqual([]);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
  });
});

const writeAll = (socket: Socket, data: Buffer) =>
  new Promise<void>((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));
