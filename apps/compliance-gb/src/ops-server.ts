import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** `/healthz` (alive), `/readyz` (NATS and PostgreSQL usable) and `/metrics` on the metrics port. */
export function startOpsServer(port: number, host: string, metrics: Registry, ready: () => Promise<boolean>): Server {
  const server = createServer((req, res) => {
    if (req.url === '/metrics')
      // A scrape while PostgreSQL is away fails (gauges read it): a 500, never an unhandled rejection.
      void metrics.metrics().then(
        (body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    else if (req.url === '/healthz') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    else if (req.url === '/readyz') void ready().then((ok) => res.writeHead(ok ? 200 : 503).end());
    else res.writeHead(404).end();
  });
  server.listen(port, host);
  return server;
}
