import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@chargeplane/platform-observability';
import { ControlError, httpStatusOf, NotFoundError, ValidationError } from './control-errors.js';
import { route, type ControlContext } from './control-routes.js';

// Plain node:http JSON server for the control/audit API (`/chargers/...`). Errors are mapped once, here.

const MAX_BODY_BYTES = 64 * 1024;

export interface ControlServer {
  port: number;
  close(): Promise<void>;
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ValidationError(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(ctx: ControlContext, req: IncomingMessage, res: ServerResponse, logger: Logger): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://control.local');
    const parts = url.pathname.split('/').filter((p) => p !== '');
    if (parts[0] !== 'chargers') throw new NotFoundError(`no route ${url.pathname}`);
    let segments: string[];
    try {
      segments = parts.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      throw new ValidationError('path is not valid percent-encoding');
    }
    const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
    const result = await route(ctx, { method: req.method ?? 'GET', segments, query: url.searchParams, body });
    send(res, result.status, result.body);
  } catch (error) {
    if (error instanceof ControlError)
      return send(res, httpStatusOf[error.code], { code: error.code, message: error.message });
    logger.error({ err: error }, 'control API request failed');
    send(res, 500, { code: 'INTERNAL', message: 'internal error' });
  }
}

export function startControlServer(
  ctx: ControlContext,
  listen: { host: string; port: number },
  logger: Logger,
): Promise<ControlServer> {
  const server = createServer((req, res) => void handle(ctx, req, res, logger));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
