import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

// deploy/healthcheck.mjs decides the compose healthchecks and the exec probes: 2xx is healthy; with --alive any HTTP
// answer is (liveness must not restart device-twin for a NATS outage); no answer is unhealthy.
const script = fileURLToPath(new URL('../../deploy/healthcheck.mjs', import.meta.url));

function exitCode(...args: string[]): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], (error) => resolve(error ? Number(error.code ?? 1) : 0));
  });
}

describe('healthcheck.mjs', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => res.writeHead(req.url === '/readyz' ? 503 : 200).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes on 2xx and fails on 503', async () => {
    expect(await exitCode(`${base}/healthz`)).toBe(0);
    expect(await exitCode(`${base}/readyz`)).toBe(1);
  });

  it('with --alive, passes on any HTTP answer but not when nothing answers', async () => {
    expect(await exitCode(`${base}/readyz`, '--alive')).toBe(0);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await exitCode(`http://127.0.0.1:${port}/healthz`, '--alive')).toBe(1);
  });

  it('refuses to run without a URL', async () => {
    expect(await exitCode()).toBe(2);
  });
});
