import type { ChargePointAction, JsonObject, OcppResponse } from '@chargeplane/contracts-ocpp';
import { protocolError, type ProtocolError, type ValidCall } from '@chargeplane/ocpp-protocol';
import type { ChargerServices } from './charger-services.js';

/** What the edge knows when it answers a charger's CALL. */
export interface ChargerCallContext {
  readonly chargerId: string;
  /** From the directory (auth lookup): the BootNotification interval the platform wants. */
  readonly heartbeatIntervalSeconds: number;
  /** ms since the epoch, from the injected clock. */
  readonly now: number;
}

/** The answer to a charger's CALL; `problem` says why a fallback answer was given, for the log. */
export type ChargerCallAnswer =
  | { readonly kind: 'result'; readonly response: JsonObject; readonly problem?: string }
  | { readonly kind: 'error'; readonly error: ProtocolError; readonly problem: string };

function result<A extends ChargePointAction>(
  _action: A,
  response: OcppResponse<A>,
  problem?: string,
): ChargerCallAnswer {
  return problem === undefined ? { kind: 'result', response } : { kind: 'result', response, problem };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Answers a validated charger CALL (OCPP 1.6 §4). Most answers are immediate; Authorize and StartTransaction need a
 * decision from profile-command. The business state (boots, status, transactions) is recorded from the facts the
 * edge publishes afterwards, never here.
 */
export async function answerChargerCall(
  call: ValidCall<ChargePointAction>,
  context: ChargerCallContext,
  services: ChargerServices,
): Promise<ChargerCallAnswer> {
  const currentTime = new Date(context.now).toISOString();
  switch (call.action) {
    case 'BootNotification':
      return result(call.action, { status: 'Accepted', currentTime, interval: context.heartbeatIntervalSeconds });
    case 'Heartbeat':
      return result(call.action, { currentTime });
    case 'StatusNotification':
    case 'MeterValues':
    case 'DiagnosticsStatusNotification':
    case 'FirmwareStatusNotification':
      return { kind: 'result', response: {} };
    case 'Authorize':
      try {
        const reply = await services.authorize(context.chargerId, call.payload.idTag);
        return result(call.action, { idTagInfo: reply.idTagInfo });
      } catch (error) {
        // Without a decision the safe answer is "not authorised": nobody charges on an unchecked tag.
        return result(call.action, { idTagInfo: { status: 'Invalid' } }, `authorize failed: ${messageOf(error)}`);
      }
    case 'StartTransaction':
      try {
        const { connectorId, idTag, meterStart, timestamp } = call.payload;
        const reply = await services.startTransaction({
          chargerId: context.chargerId,
          connectorId,
          idTag,
          meterStart,
          timestamp,
        });
        return result(call.action, { transactionId: reply.transactionId, idTagInfo: reply.idTagInfo });
      } catch (error) {
        // StartTransaction.conf must carry a transactionId and there is none to give; inventing one (e.g. 0) would
        // be recorded by the charger and collide. OCPP 1.6 §4.10 lets a transaction message fail with a CALLERROR,
        // after which the charger retries it (TransactionMessageAttempts / TransactionMessageRetryInterval).
        return {
          kind: 'error',
          error: protocolError('InternalError', 'transaction id could not be allocated; retry later'),
          problem: `transaction start failed: ${messageOf(error)}`,
        };
      }
    case 'StopTransaction':
      return call.payload.idTag === undefined
        ? result(call.action, {})
        : result(call.action, { idTagInfo: { status: 'Accepted' } });
    case 'DataTransfer':
      return result(call.action, { status: 'UnknownVendorId' });
    default:
      return unreachable(call);
  }
}

function unreachable(call: never): never {
  throw new Error(`no answer for charger action ${JSON.stringify(call)}`);
}
