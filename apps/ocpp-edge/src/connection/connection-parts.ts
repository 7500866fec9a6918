import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import type { WebSocket } from 'ws';
import type { ChargerServices } from '../charger-calls/charger-services.js';
import type { EdgeMetrics } from '../ops/edge-metrics.js';
import type { ChargerConnection } from './charger-connection.js';
import type { ConnectionFacts } from './connection-facts.js';
import type { ConnectionLog } from './connection-log.js';
import type { OutboundCalls } from './outbound-calls.js';
import type { SocketEventBatch } from './socket-event-batch.js';
import type { TokenBucketOptions } from './token-bucket.js';

/** Per-connection limits, from the config (one object for the whole edge). */
export interface ConnectionLimits {
  readonly maxFrameBytes: number;
  /** Frames a charger may send before its connection is ready; more close it. */
  readonly maxEarlyFrames: number;
  /** The charger's CALLs: sustained rate and burst. */
  readonly callRate: TokenBucketOptions;
  /** Invalid frames tolerated before the connection is closed. */
  readonly badFrames: TokenBucketOptions;
}

/** A close the edge initiates: WebSocket code and the reason the charger sees. */
export interface CloseRequest {
  readonly code: number;
  readonly text: string;
}

/** What a connection keeps of its charger's directory entry: not the credentials hash, which it no longer needs. */
export type ConnectedCharger = Pick<ChargerAuthLookupReply, 'chargerId' | 'tenantId' | 'heartbeatIntervalSeconds'>;

/** What every connection shares, built once per edge by `connectionFactory`. */
export interface ConnectionShared {
  readonly services: ChargerServices;
  readonly limits: ConnectionLimits;
  readonly now: () => number;
  readonly metrics: EdgeMetrics;
  /** Called once when a connection ends, before its `Disconnected` fact is published. */
  readonly onEnd: (connection: ChargerConnection) => void;
  /** Where socket events are handled: together, once per event-loop turn (one NATS write for all). */
  readonly events: SocketEventBatch;
}

/** What is this connection's own; built per socket by `connectionFactory`. */
export interface ConnectionParts {
  readonly ws: WebSocket;
  readonly charger: ConnectedCharger;
  readonly connectionId: string;
  readonly facts: ConnectionFacts;
  readonly outbound: OutboundCalls;
  readonly log: ConnectionLog;
}
