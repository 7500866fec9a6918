import { isOcppAction } from '@chargeplane/contracts-ocpp';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Direction of a frame: from the charger (`in`) or to it (`out`). */
export type FrameDirection = 'in' | 'out';
/** What a frame was: a CALL, its CALLRESULT or CALLERROR, or a frame that was not usable. */
export type FrameKind = 'call' | 'result' | 'error' | 'invalid' | 'ignored';

/** The edge's Prometheus metrics, registered on the app's registry. */
export class EdgeMetrics {
  readonly connections: Gauge;
  readonly #frames: Counter<'direction' | 'kind' | 'action'>;
  readonly #callDuration: Histogram<'action' | 'outcome'>;
  readonly #errors: Counter<'code'>;

  constructor(registry: Registry) {
    this.connections = new Gauge({
      name: 'ocpp_edge_connections',
      help: 'Open charger WebSocket connections',
      registers: [registry],
    });
    this.#frames = new Counter({
      name: 'ocpp_edge_frames_total',
      help: 'OCPP-J frames by direction, kind and action',
      labelNames: ['direction', 'kind', 'action'],
      registers: [registry],
    });
    this.#callDuration = new Histogram({
      name: 'ocpp_edge_call_duration_seconds',
      help: 'CSMS→charger calls from sending the CALL to its outcome',
      labelNames: ['action', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.#errors = new Counter({
      name: 'ocpp_edge_errors_total',
      help: 'Errors by code: CALLERROR codes sent, refused upgrades, closed connections, failed publishes',
      labelNames: ['code'],
      registers: [registry],
    });
  }

  frame(direction: FrameDirection, kind: FrameKind, action: string | undefined): void {
    this.#frames.inc({ direction, kind, action: actionLabel(action) });
  }

  callCompleted(action: string, outcome: string, seconds: number): void {
    this.#callDuration.observe({ action: actionLabel(action), outcome }, seconds);
  }

  error(code: string): void {
    this.#errors.inc({ code });
  }
}

// Chargers choose the action strings they send; only known names become label values, so cardinality stays bounded.
function actionLabel(action: string | undefined): string {
  if (action === undefined) return 'none';
  return isOcppAction(action) ? action : 'other';
}
