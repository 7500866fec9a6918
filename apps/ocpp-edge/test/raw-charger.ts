import { WebSocket, type ClientOptions } from 'ws';

/** How an upgrade went: the HTTP status and headers when refused, the subprotocol when accepted. */
export interface UpgradeResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly socket?: RawCharger;
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/**
 * A charger on a bare `ws` socket, for what a well-behaved client library refuses to send: malformed frames,
 * no subprotocol, no pongs. Collects what the edge sends and how it closes.
 */
export class RawCharger {
  readonly #frames: unknown[] = [];
  readonly #waiters: ((frame: unknown) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame: unknown = JSON.parse(data.toString('utf8'));
      const waiter = this.#waiters.shift();
      if (waiter) waiter(frame);
      else this.#frames.push(frame);
    });
    // Not events.once: it would also reject on 'error', which the upgrade helper reports on its own.
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  send(frame: string | Buffer): void {
    this.ws.send(frame);
  }

  /** The next frame from the edge, or undefined when none comes within `timeoutMs`. */
  next(timeoutMs = 2_000): Promise<unknown> {
    const queued = this.#frames.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, timeoutMs);
      const waiter = (frame: unknown): void => {
        clearTimeout(timer);
        resolve(frame);
      };
      this.#waiters.push(waiter);
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Attempts an upgrade and reports the outcome instead of throwing. */
export async function upgrade(
  url: string,
  options: { authorization?: string; protocols?: string[]; ws?: ClientOptions } = {},
): Promise<UpgradeResult> {
  const headers: Record<string, string> =
    options.authorization === undefined ? {} : { authorization: options.authorization };
  const ws = new WebSocket(url, options.protocols ?? [], { ...options.ws, headers });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      res.resume();
      ws.terminate();
    });
    ws.once('upgrade', (res) => {
      const socket = new RawCharger(ws);
      ws.once('open', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, socket }));
    });
    ws.once('error', (error) => reject(error));
  });
}

/** Opens a raw charger that must be accepted. */
export async function openRaw(url: string, authorization: string, ws: ClientOptions = {}): Promise<RawCharger> {
  const result = await upgrade(url, { authorization, protocols: ['ocpp1.6'], ws });
  if (result.socket === undefined) throw new Error(`upgrade refused with ${result.status}`);
  return result.socket;
}
