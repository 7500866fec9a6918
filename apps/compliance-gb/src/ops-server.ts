import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** `/healthz` (alive), `/readyz` (NATS and PostgreSQL usable) and `/metrics` on the metrics port. */
export function startOpsServer(port: number, host: string, metrics: Registry, ready: () => boolean): Server {
  const server = createServer((req, res) => {
    if (req.url === '/metrics')
      void metrics.metrics().then((body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body));
    else if (req.url === '/healthz') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    else if (req.url === '/readyz') res.writeHead(ready() ? 200 : 503).end();
    else res.writeHead(404).end();
  });
  server.listen(port, host);
  return server;
}
