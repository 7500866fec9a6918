import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';
import { basic, openRaw, upgrade } from '../test/raw-charger.js';

/** A self-signed certificate for 127.0.0.1 made for this run (security profile 2 needs a server certificate). */
function selfSigned(): { cert: string; key: string; certPem: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'edge-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key, certPem: readFileSync(cert) };
}

describe('ocpp-edge: security profile 2 (TLS with Basic auth)', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;
  let certPem: Buffer;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    const tls = selfSigned();
    certPem = tls.certPem;
    harness = await EdgeHarness.start(infra, { TLS_CERT_FILE: tls.cert, TLS_KEY_FILE: tls.key });
  });
  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  const wssUrl = () => `wss://127.0.0.1:${harness.edge.port}/ocpp`;

  it('accepts a charger over wss that trusts the certificate and sends its credentials', async () => {
    const password = await harness.register('CP-TLS');
    const charger = await openRaw(`${wssUrl()}/CP-TLS`, basic('CP-TLS', password), { ca: certPem });
    charger.send(JSON.stringify([2, 'tls-1', 'Heartbeat', {}]));
    expect(await charger.next()).toEqual([3, 'tls-1', { currentTime: expect.any(String) }]);
    charger.close();
  });

  it('still refuses wrong credentials over TLS (401)', async () => {
    await harness.register('CP-TLS-2');
    const result = await upgrade(`${wssUrl()}/CP-TLS-2`, {
      authorization: basic('CP-TLS-2', 'not-the-password-1234'),
      protocols: ['ocpp1.6'],
      ws: { ca: certPem },
    });
    expect(result.status).toBe(401);
  });

  it('fails the handshake for a client that does not trust the certificate', async () => {
    const password = await harness.register('CP-TLS-3');
    await expect(openRaw(`${wssUrl()}/CP-TLS-3`, basic('CP-TLS-3', password))).rejects.toThrow();
  });
});
