import type { ChargerAuthLookupReply, ChargerFact } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { WebSocket } from 'ws';
import type { ChargerServices } from '../charger-calls/charger-services.js';
import type { EdgeConfig } from '../config.schema.js';
import type { EdgeMetrics } from '../ops/edge-metrics.js';
import { ChargerConnection } from './charger-connection.js';
import type { ConnectionLimits, ConnectionShared } from './connection-parts.js';
import { ConnectionFacts } from './connection-facts.js';
import { BoundLog } from './connection-log.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { DurableFacts } from '../spool/durable-facts.js';
import { FactLog } from './fact-log.js';
import { OutboundCalls, type OutboundCallsShared } from './outbound-calls.js';
import { platformTime } from './platform-time.js';
import { SocketEventBatch } from './socket-event-batch.js';

/** What every connection shares. */
export interface ConnectionFactoryDeps {
  readonly bus: NatsBus;
  readonly durableFacts: DurableFacts;
  readonly services: ChargerServices;
  readonly registry: ConnectionRegistry;
  readonly config: EdgeConfig;
  readonly now: () => number;
  readonly newId: () => string;
  readonly log: Logger;
  readonly metrics: EdgeMetrics;
  /** The edge's shared `nc.flush()` (`CoalescedFlush`). */
  readonly flush: () => Promise<void>;
}

/**
 * Builds the parts of one charger connection around an authenticated socket. Everything that is the same for every
 * connection (limits, handlers, the shared halves of the parts) is built once here, so a socket costs only what is
 * really its own: an edge holds tens of thousands of them.
 */
export function connectionFactory(
  deps: ConnectionFactoryDeps,
): (ws: WebSocket, charger: ChargerAuthLookupReply) => ChargerConnection {
  const { bus, config, newId, metrics } = deps;
  const shared: ConnectionShared = {
    services: deps.services,
    limits: connectionLimits(config),
    now: deps.now,
    metrics,
    onEnd: (connection) => deps.registry.release(connection),
    events: new SocketEventBatch((err) => deps.log.error({ err }, 'a socket event failed')),
  };
  const calls: OutboundCallsShared = {
    bus,
    now: deps.now,
    newId,
    metrics,
    timeoutMs: config.OCPP_CALL_TIMEOUT_MS,
    maxQueued: config.MAX_QUEUED_CALLS,
    platformTime: platformTime(config.CLOCK_SPEED, config.CLOCK_EPOCH ? Date.parse(config.CLOCK_EPOCH) : undefined),
    flush: deps.flush,
  };
  const onFactRefused = (fact: ChargerFact): void => {
    metrics.error('spool_full');
    const { chargerId, connectionId, messageId } = fact.context;
    deps.log.warn(
      { chargerId, connectionId, factId: fact.id, action: fact.action, messageId },
      'fact refused: JetStream unavailable and the spool full',
    );
  };
  return (ws, { chargerId, tenantId, heartbeatIntervalSeconds }) => {
    const connectionId = newId();
    const log = new BoundLog(deps.log, chargerId, connectionId);
    const context = { tenantId, chargerId, edgeId: config.EDGE_ID, connectionId };
    const facts = new ConnectionFacts(new FactLog(deps.durableFacts, context, newId, onFactRefused));
    const outbound = new OutboundCalls(calls, { chargerId, ws, facts, log });
    const charger = { chargerId, tenantId, heartbeatIntervalSeconds };
    return new ChargerConnection(shared, { ws, charger, connectionId, facts, outbound, log });
  };
}

function connectionLimits(config: EdgeConfig): ConnectionLimits {
  return {
    maxFrameBytes: config.MAX_FRAME_BYTES,
    maxEarlyFrames: config.CHARGER_CALL_BURST,
    callRate: { capacity: config.CHARGER_CALL_BURST, refillPerSecond: config.CHARGER_CALLS_PER_SECOND },
    badFrames: { capacity: config.BAD_FRAMES_PER_MINUTE, refillPerSecond: config.BAD_FRAMES_PER_MINUTE / 60 },
  };
}
