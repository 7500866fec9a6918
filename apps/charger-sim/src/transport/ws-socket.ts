import { WebSocket } from 'ws';

// The charger's WebSocket: `{url}/{percent-encoded id}`, subprotocol ocpp1.6, HTTP Basic auth with the
// charge point identity as user name (OCPP-J §3, security profile 1/2). The rest of the simulator sees only
// `OcppSocket`, so charger logic can run against a fake in unit tests.

export const OCPP_SUBPROTOCOL = 'ocpp1.6';

export interface SocketEvents {
  open(): void;
  message(text: string): void;
  /** Always the last event of a socket, after a refused handshake too. */
  close(code: number, reason: string): void;
  /** `httpStatus` is set when the server refused the upgrade (e.g. 401, 404). */
  error(error: Error, httpStatus: number | null): void;
}

export interface OcppSocket {
  send(text: string): void;
  /** Orderly close (queued frames go out first). */
  close(code: number, reason: string): void;
  /** Drop the connection now. */
  terminate(): void;
}

export interface SocketTarget {
  url: string;
  chargerId: string;
  password: string | null;
}

export type SocketFactory = (target: SocketTarget, events: SocketEvents) => OcppSocket;

export function chargerUrl(baseUrl: string, chargerId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(chargerId)}`;
}

export function basicAuthorization(chargerId: string, password: string): string {
  return `Basic ${Buffer.from(`${chargerId}:${password}`, 'utf8').toString('base64')}`;
}

export const wsSocketFactory: SocketFactory = (target, events) => {
  const headers =
    target.password === null ? {} : { authorization: basicAuthorization(target.chargerId, target.password) };
  // No per-message deflate: OCPP frames are small and compression state costs ~100 KB per socket at fleet scale.
  const ws = new WebSocket(chargerUrl(target.url, target.chargerId), [OCPP_SUBPROTOCOL], {
    headers,
    perMessageDeflate: false,
  });
  ws.on('open', () => events.open());
  ws.on('message', (data, isBinary) => {
    if (!isBinary) events.message(data.toString());
  });
  ws.on('error', (error) => {
    const status = /Unexpected server response: (\d{3})/.exec(error.message)?.[1];
    events.error(error, status === undefined ? null : Number(status));
  });
  ws.on('close', (code, reason) => events.close(code, reason.toString()));
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (code, reason) => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
    },
    terminate: () => ws.terminate(),
  };
};
