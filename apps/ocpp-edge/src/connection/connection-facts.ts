import { connectionFacts } from '@chargeplane/contracts-api';
import type { CentralSystemAction, JsonObject } from '@chargeplane/contracts-ocpp';
import type { HandledCall } from '../charger-calls/handle-charger-call.js';
import type { FactLog } from './fact-log.js';

/** The `reason` of a `Connected` fact the edge records again for an open connection (`reannounce`). */
export const CONNECTED_AGAIN = 'nats-reconnected';

/** The charger's answer to one of our calls, as recorded. */
export interface CallResult {
  readonly messageId: string;
  readonly action: CentralSystemAction;
  readonly request: JsonObject;
  readonly response: JsonObject;
  /**
   * It arrived after its call had timed out: it resumes nothing, but tells the platform what the charger did
   * (docs/domain/ocpp16.md §3.5: reconciliation).
   */
  readonly late: boolean;
}

/**
 * What one connection records as facts, through its `FactLog` and so in the order they are appended: `Connected`,
 * the charger CALLs it answers with a CALLRESULT (recorded before the answer is sent), the charger's CALLRESULTs to
 * our own calls, and `Disconnected` after all of them. A fact's promise resolves true once it is durable, false when
 * it was refused (the spool is full; already reported). Times are ms since the epoch.
 */
export class ConnectionFacts {
  /** `Connected` was appended (whether recorded or refused): a `Disconnected` follows it. */
  #connectedAppended = false;

  constructor(private readonly factLog: FactLog) {}

  /** The connection opened at `at`: recorded before anything else of it. */
  connected(at: number): Promise<boolean> {
    this.#connectedAppended = true;
    return this.factLog.append({
      action: connectionFacts.connected,
      request: {},
      response: null,
      messageId: null,
      receivedAt: at,
    });
  }

  /** `Connected` again for the same open connection, after the edge's NATS connection came back (L4a). */
  connectedAgain(at: number): Promise<boolean> {
    return this.factLog.append({
      action: connectionFacts.connected,
      request: { reason: CONNECTED_AGAIN },
      response: null,
      messageId: null,
      receivedAt: at,
    });
  }

  /** A charger CALL answered with a CALLRESULT: its action, request and our answer. */
  chargerCall(fact: NonNullable<HandledCall['fact']>, messageId: string, receivedAt: number): Promise<boolean> {
    return this.factLog.append({ ...fact, messageId, receivedAt });
  }

  /** The charger's schema-valid CALLRESULT to one of our calls (a late one too). */
  callResult({ messageId, action, request, response, late }: CallResult, at: number): Promise<boolean> {
    return this.factLog.append({
      action: connectionFacts.callResult,
      request: { action, payload: request, ...(late ? { late: true } : {}) },
      response,
      messageId,
      receivedAt: at,
    });
  }

  /**
   * `Disconnected`, after every other fact of the connection. A connection that never appended `Connected` records
   * none: this only waits until what it did append is settled.
   */
  async disconnected(reason: string, at: number): Promise<void> {
    if (!this.#connectedAppended) return this.factLog.settled();
    await this.factLog.append({
      action: connectionFacts.disconnected,
      request: { reason },
      response: null,
      messageId: null,
      receivedAt: at,
    });
  }
}
