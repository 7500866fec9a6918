import { connectionFacts, type ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import { WebSocket } from 'ws';
import type { ChargerServices } from '../charger-calls/charger-services.js';
import type { EdgeConfig } from '../config.schema.js';
import type { EdgeMetrics } from '../ops/edge-metrics.js';
import { ChargerConnection } from './charger-connection.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { FactLog } from './fact-log.js';
import { OutboundCalls } from './outbound-calls.js';

/** What every connection shares. */
export interface ConnectionFactoryDeps {
  readonly bus: NatsBus;
  readonly services: ChargerServices;
  readonly registry: ConnectionRegistry;
  readonly config: EdgeConfig;
  readonly now: () => number;
  readonly newId: () => string;
  readonly log: Logger;
  readonly metrics: EdgeMetrics;
}

/** Builds the parts of one charger connection around an authenticated socket. */
export function connectionFactory(
  deps: ConnectionFactoryDeps,
): (ws: WebSocket, charger: ChargerAuthLookupReply) => ChargerConnection {
  const { bus, config, now, newId, metrics } = deps;
  return (ws, charger) => {
    const connectionId = newId();
    const { chargerId, tenantId } = charger;
    const log = deps.log.child({ chargerId, connectionId });
    const facts = new FactLog(
      bus,
      { tenantId, chargerId, edgeId: config.EDGE_ID, connectionId },
      newId,
      (fact, err) => {
        metrics.error('fact_publish_failed');
        log.error(
          { err, factId: fact.id, action: fact.action, messageId: fact.context.messageId },
          'fact could not be published to JetStream',
        );
      },
    );
    const outbound = new OutboundCalls({
      bus,
      chargerId,
      send: (frame) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      },
      now,
      newId,
      log,
      metrics,
      timeoutMs: config.OCPP_CALL_TIMEOUT_MS,
      maxQueued: config.MAX_QUEUED_CALLS,
      onResult: ({ messageId, action, request, response, late }) =>
        void facts.append({
          action: connectionFacts.callResult,
          request: { action, payload: request, ...(late ? { late: true } : {}) },
          response,
          messageId,
          receivedAt: now(),
        }),
    });
    return new ChargerConnection({
      ws,
      charger,
      connectionId,
      facts,
      outbound,
      services: deps.services,
      limits: {
        maxFrameBytes: config.MAX_FRAME_BYTES,
        callsPerSecond: config.CHARGER_CALLS_PER_SECOND,
        callBurst: config.CHARGER_CALL_BURST,
        badFramesPerMinute: config.BAD_FRAMES_PER_MINUTE,
      },
      now,
      log,
      metrics,
      onEnd: (connection) => deps.registry.release(connection),
    });
  };
}
