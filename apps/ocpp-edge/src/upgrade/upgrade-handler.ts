import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import type { Logger } from '@chargeplane/platform-observability';
import type { WebSocket, WebSocketServer } from 'ws';
import type { EdgeMetrics } from '../ops/edge-metrics.js';
import type { UpgradeAuthenticator } from './authenticate.js';
import { parseChargerPath } from './charger-path.js';
import { rejectUpgrade } from './reject-upgrade.js';

/** The only subprotocol the edge speaks. */
export const OCPP16 = 'ocpp1.6';

/** `handleProtocols` of the WebSocket server: pick `ocpp1.6` when offered, otherwise none (OCPP-J §3.1). */
export function pickSubprotocol(offered: Set<string>): string | false {
  return offered.has(OCPP16) ? OCPP16 : false;
}

/** What the upgrade path needs. */
export interface UpgradeDeps {
  readonly wss: WebSocketServer;
  readonly authenticator: UpgradeAuthenticator;
  /** False once shutdown has begun: new chargers get 503 and go to another replica. */
  readonly accepting: () => boolean;
  readonly onCharger: (ws: WebSocket, charger: ChargerAuthLookupReply) => void;
  readonly log: Logger;
  readonly metrics: EdgeMetrics;
}

/**
 * The check chain that runs before a socket exists (CitrineOS): shutting down → 503, path → 404/400, too many failed
 * authentications → 429 with Retry-After, directory and tenant namespace → 404/503, credentials → 401; only then the
 * handshake. A charger that offered no `ocpp1.6` still completes it (without a subprotocol, as OCPP-J requires) and
 * is closed at once.
 */
export function upgradeHandler(deps: UpgradeDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) =>
    void handle(deps, req, socket, head).catch((err: unknown) => {
      // e.g. a stored hash scrypt cannot read: a bug or bad data, never a reason to take the process down.
      deps.metrics.error('upgrade_500');
      deps.log.error({ err, url: req.url }, 'upgrade failed');
      rejectUpgrade(socket, 500);
    });
}

async function handle(deps: UpgradeDeps, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const { log, metrics } = deps;
  const onSocketError = (): void => void socket.destroy();
  socket.on('error', onSocketError);
  const remote = req.socket.remoteAddress ?? 'unknown';
  const refuse = (status: number, reason: string, chargerId?: string, headers: Record<string, string> = {}): void => {
    metrics.error(`upgrade_${status}`);
    log.warn({ chargerId, status, reason, remote }, 'upgrade refused');
    rejectUpgrade(
      socket,
      status,
      status === 401 ? { 'WWW-Authenticate': 'Basic realm="ocpp", charset="UTF-8"', ...headers } : headers,
    );
  };
  if (!deps.accepting()) return refuse(503, 'shutting down');
  const path = parseChargerPath(req.url);
  if (!path.ok) return refuse(path.status, path.reason);
  const outcome = await deps.authenticator.authenticate(path, req.headers.authorization, remote);
  if (!outcome.ok) {
    const retryAfter = outcome.status === 429 ? { 'Retry-After': String(outcome.retryAfterSeconds) } : undefined;
    return refuse(outcome.status, outcome.reason, path.chargerId, retryAfter);
  }
  if (socket.destroyed) return;
  if (!deps.accepting()) return refuse(503, 'shutting down', path.chargerId);
  socket.off('error', onSocketError);
  deps.wss.handleUpgrade(req, socket, head, (ws) => {
    if (ws.protocol !== OCPP16) {
      metrics.error('no_subprotocol');
      log.warn({ chargerId: path.chargerId, offered: req.headers['sec-websocket-protocol'] }, 'no ocpp1.6 subprotocol');
      ws.close(1002, `subprotocol ${OCPP16} required`);
      return;
    }
    deps.onCharger(ws, outcome.charger);
  });
}
