import { capabilitiesFor, sameInstalled, windowFreesAt } from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from '../events.js';
import type { ChargerState, InFlightWrite } from '../state.js';
import type { WriteCarried, WriteOutcome } from './commands.js';
import { lateAnswerEvents, timedOutAccepted } from './record-late-answer.js';

/** A write the edge could not send before its send deadline: nothing reached the charger, it is written again. */
const NOT_SENT = {
  code: 'NOT_SENT',
  description: 'not sent: it waited behind other calls to the charger past its send deadline; it is sent again',
};

/** When the edge put the write on the wire, as the outcome events record it (when the edge said so). */
const sentAtOf = (outcome: WriteOutcome): { sentAt?: string } =>
  'sentAt' in outcome && outcome.sentAt !== undefined ? { sentAt: new Date(outcome.sentAt).toISOString() } : {};

/**
 * Turns a charger's answer into the event that says what is now on the device. Only `Accepted` makes
 * the sent profile confirmed; anything else leaves confirmed state as it was (docs/style.md rule 8).
 * An answer for a write that is no longer outstanding (already settled) changes nothing, except an Accepted that
 * settles the last timed-out write (L11): its own, or one of the same content that a later timed-out write repeated.
 */
export function recordWriteOutcome(
  state: ChargerState,
  writeId: string,
  outcome: WriteOutcome,
  now: number,
  carried?: WriteCarried,
): ChargerEvent[] {
  const occurredAt = new Date(now).toISOString();
  const write = state.inFlight;
  if (!write || write.writeId !== writeId) {
    // L11: the answer to a write the aggregate already settled as timed out (its clock gave up first) is a late answer.
    if (outcome.kind !== 'result' || outcome.status !== 'Accepted') return [];
    if (state.lastTimedOut?.writeId === writeId) return timedOutAccepted(state, now);
    return carried ? lateAnswerEvents({ ...carried, status: outcome.status }, state, now) : [];
  }
  if (write.action === 'ChangeConfiguration' && write.configuration)
    return configurationOutcome(write.writeId, write.configuration, outcome, occurredAt);
  const base = { writeId, chargingProfileId: write.chargingProfileId, ...sentAtOf(outcome) };
  if (outcome.kind === 'result') {
    if (write.action === 'ClearChargingProfile') {
      const status = outcome.status === 'Accepted' ? 'Accepted' : 'Unknown';
      return [{ type: 'ChargingProfileCleared', schemaVersion: 1, occurredAt, data: { ...base, status } }];
    }
    if (outcome.status === 'Accepted' && write.sent) {
      return [
        {
          type: 'ChargingProfileAccepted',
          schemaVersion: 1,
          occurredAt,
          data: { ...base, connectorId: write.sent.connectorId, chargingProfile: write.sent.profile },
        },
      ];
    }
    const status = outcome.status === 'NotSupported' ? 'NotSupported' : 'Rejected';
    const retryAt = status === 'Rejected' ? retryAfterPossibleLimit(state, write, now) : null;
    return [
      {
        type: 'ChargingProfileRejectedByCharger',
        schemaVersion: 1,
        occurredAt,
        data: { ...base, status, retryAt: retryAt === null ? null : new Date(retryAt).toISOString() },
      },
    ];
  }
  const failure =
    outcome.kind === 'call-error'
      ? { failure: 'call-error' as const, code: outcome.code, description: outcome.description, outcomeKnown: true }
      : outcome.kind === 'timeout'
        ? {
            failure: 'timeout' as const,
            code: 'TIMEOUT',
            description: 'no answer from the charger in time; it may or may not have stored the write',
            outcomeKnown: false,
          }
        : outcome.kind === 'not-sent'
          ? { failure: 'not-sent' as const, ...NOT_SENT, outcomeKnown: true }
          : {
              failure: 'offline' as const,
              code: 'OFFLINE',
              description: 'the charger was not connected when the write was sent',
              outcomeKnown: true,
            };
  return [{ type: 'ChargingProfileWriteFailed', schemaVersion: 1, occurredAt, data: { ...base, ...failure } }];
}

/**
 * A budgeted device (zappi) answers a write over its limit with a plain `Rejected` (§2.1, Q4), so the
 * platform treats the window as exhausted: the same content is tried once more when the oldest write
 * still in the window has left it. A second refusal is final; a device without a budget gets no retry.
 */
function retryAfterPossibleLimit(state: ChargerState, write: InFlightWrite, now: number): number | null {
  const rule = capabilitiesFor(state.model, state.configuration).writeBudget;
  const record = state.profiles[write.chargingProfileId];
  // Content the CPO has since replaced is never tried again (the newer content goes out instead): no retry to announce.
  const stillWanted = !!record?.desired && !!write.sent && sameInstalled(record.desired, write.sent);
  if (!rule || !stillWanted || record.rejections > 0) return null;
  return windowFreesAt(state.writeTimes, now, rule);
}

function configurationOutcome(
  writeId: string,
  written: { key: string; value: string },
  outcome: WriteOutcome,
  occurredAt: string,
): ChargerEvent[] {
  if (outcome.kind === 'result') {
    const known = ['Accepted', 'RebootRequired', 'Rejected', 'NotSupported'] as const;
    const raw: string = outcome.status;
    const status = known.find((s) => s === raw) ?? 'Rejected';
    return [
      {
        type: 'ChargerConfigurationChanged',
        schemaVersion: 1,
        occurredAt,
        data: { writeId, ...written, status, ...sentAtOf(outcome) },
      },
    ];
  }
  const failure =
    outcome.kind === 'call-error'
      ? { failure: 'call-error' as const, code: outcome.code, description: outcome.description }
      : outcome.kind === 'timeout'
        ? { failure: 'timeout' as const, code: 'TIMEOUT', description: 'no answer from the charger in time' }
        : outcome.kind === 'not-sent'
          ? { failure: 'not-sent' as const, ...NOT_SENT }
          : { failure: 'offline' as const, code: 'OFFLINE', description: 'the charger was not connected' };
  return [
    {
      type: 'ChargerConfigurationWriteFailed',
      schemaVersion: 1,
      occurredAt,
      data: { writeId, key: written.key, ...failure, ...sentAtOf(outcome) },
    },
  ];
}
