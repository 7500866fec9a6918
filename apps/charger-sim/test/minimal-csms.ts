import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

// A bare-bones Central System for fleet tests: raw ws, answers the charger's calls with fixed, valid
// payloads and counts what it saw. It checks nothing beyond the subprotocol; it exists to carry load.

export interface MinimalCsms {
  url: string;
  connections(): number;
  count(action: string): number;
  /** Boot ids seen (each charger once per connection). */
  bootedIds(): Set<string>;
  sockets(): Map<string, WebSocket>;
  /** Sends a raw frame to a connected charger and resolves with its answer frame (CALLRESULT or CALLERROR). */
  send(chargerId: string, frame: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function startMinimalCsms(options: { heartbeatIntervalS: number }): Promise<MinimalCsms> {
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const counts = new Map<string, number>();
  const booted = new Set<string>();
  const byId = new Map<string, WebSocket>();
  let nextTx = 1;
  const waiting = new Map<string, (frame: unknown[]) => void>();
  const answer = (id: string, action: string): object => {
    switch (action) {
      case 'BootNotification':
        booted.add(id);
        return { status: 'Accepted', currentTime: new Date().toISOString(), interval: options.heartbeatIntervalS };
      case 'Heartbeat':
        return { currentTime: new Date().toISOString() };
      case 'Authorize':
      case 'StopTransaction':
        return { idTagInfo: { status: 'Accepted' } };
      case 'StartTransaction':
        return { transactionId: nextTx++, idTagInfo: { status: 'Accepted' } };
      default:
        return {};
    }
  };
  wss.on('connection', (ws, req) => {
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    byId.set(id, ws);
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as unknown[];
      if (frame[0] !== 2) return waiting.get(String(frame[1]))?.(frame);
      const action = String(frame[2]);
      counts.set(action, (counts.get(action) ?? 0) + 1);
      ws.send(JSON.stringify([3, frame[1], answer(id, action)]));
    });
    ws.on('close', () => {
      if (byId.get(id) === ws) byId.delete(id);
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    connections: () => wss.clients.size,
    count: (action) => counts.get(action) ?? 0,
    bootedIds: () => booted,
    sockets: () => byId,
    send: (chargerId, frame) =>
      new Promise((resolve, reject) => {
        const ws = byId.get(chargerId);
        if (!ws) return reject(new Error(`${chargerId} is not connected`));
        waiting.set(String(frame[1]), resolve);
        ws.send(JSON.stringify(frame));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
