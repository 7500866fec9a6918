import { traceOf } from '@chargeplane/platform-messaging';
import { contextWithSpan, runInContext, startSpan, type Span } from '@chargeplane/platform-observability';
import type { Msg } from '@nats-io/transport-node';

/**
 * The trace of one `cp.{id}.call`: a server span from the request (continuing the requester's `traceparent`) to the
 * reply, and inside it a client span for the OCPP CALL from when it goes on the wire to the charger's answer. The
 * answer's fact is published in the CALL's context, so the trace goes on through `OCPP_IN` to profile-command.
 */
export class CallTrace {
  readonly #request: Span;
  #ocpp: Span | undefined;

  constructor(msg: Msg, chargerId: string) {
    this.#request = startSpan('serve cp.call', {
      role: 'server',
      parent: traceOf(msg),
      attributes: { 'messaging.system': 'nats', 'chargeplane.charger_id': chargerId },
    });
  }

  /** The CALL went on the wire. */
  sent(action: string, messageId: string): void {
    this.#request.updateName(`serve cp.call ${action}`);
    this.#ocpp = startSpan(`ocpp ${action}`, {
      role: 'client',
      parent: contextWithSpan(this.#request),
      attributes: { 'rpc.system': 'ocpp1.6', 'rpc.method': action, 'ocpp.message_id': messageId },
    });
  }

  /** The charger answered, or the CALL timed out or was lost with its connection. */
  completed(outcome: string): void {
    this.#ocpp?.setAttribute('chargeplane.outcome', outcome);
    this.#ocpp?.end();
  }

  /** The requester got its reply. */
  answered(kind: string): void {
    this.#request.setAttribute('chargeplane.reply', kind);
    this.#request.end();
  }

  /** Runs `fn` in the CALL's context (the request's before it is sent). */
  run<T>(fn: () => T): T {
    return runInContext(contextWithSpan(this.#ocpp ?? this.#request), fn);
  }
}
