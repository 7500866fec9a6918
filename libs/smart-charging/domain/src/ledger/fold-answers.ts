import type { ChargerEvent } from '@chargeplane/contracts-events';
import { matchesClear } from '../installed-profiles.js';
import { windowFreesAt } from '../write-budget.js';
import type { LedgerCapabilities, LedgerProfile, ProfileLedger, WriteResult } from './ledger.js';
import {
  acceptInto,
  mapRecords,
  sameInstalled,
  settle,
  stillUnknown,
  stillWanted,
  unknownWhereReplaced,
  withProfile,
} from './ledger-records.js';

export type AnswerEvent = Extract<
  ChargerEvent,
  {
    type:
      | 'ChargingProfileAccepted'
      | 'ChargingProfileCleared'
      | 'ChargingProfileRejectedByCharger'
      | 'ChargingProfileWriteFailed'
      | 'ChargerConfigurationChanged'
      | 'ChargerConfigurationWriteFailed';
  }
>;

/** CALLERROR codes that say the charger has no smart charging at all (L12). */
const MISSING_CAPABILITY = new Set(['NotSupported', 'NotImplemented']);

/** What the charger (or the edge) answered about a write: L5–L12. */
export function answerFold(ledger: ProfileLedger, event: AnswerEvent, caps: LedgerCapabilities): ProfileLedger {
  const at = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'ChargingProfileAccepted': {
      const confirmed = { connectorId: event.data.connectorId, profile: event.data.chargingProfile };
      // L11: the late answer to the timed-out write settles it like any answer, and so does an Accepted resend of it.
      // While a resend of the same content is still out, the timed-out write stays remembered: it tells that
      // resend's timeout that the content was confirmed by the write it repeats (L8).
      const timedOut = ledger.lastTimedOut;
      const resendOut =
        ledger.inFlight !== null &&
        ledger.inFlight.writeId !== event.data.writeId &&
        ledger.inFlight.sent !== null &&
        sameInstalled(ledger.inFlight.sent, confirmed);
      const settlesLate =
        !resendOut &&
        (timedOut?.writeId === event.data.writeId ||
          (timedOut?.sent != null && sameInstalled(timedOut.sent, confirmed)));
      const late = settlesLate ? { ...ledger, lastTimedOut: null } : ledger;
      return settle(late, event.data.writeId, (l) => acceptInto(l, confirmed, caps));
    }
    case 'ChargingProfileCleared': {
      // L6: whatever the clear matched is gone (Unknown: the charger had nothing matching).
      const write = [ledger.inFlight, ledger.lastTimedOut].find((w) => w?.writeId === event.data.writeId);
      const filter = write?.clear ?? { id: event.data.chargingProfileId };
      const late = ledger.lastTimedOut?.writeId === event.data.writeId ? { ...ledger, lastTimedOut: null } : ledger;
      return settle(late, event.data.writeId, (l) =>
        withProfile(
          mapRecords(l, (r) => (r.confirmed && matchesClear(r.confirmed, filter) ? { ...r, confirmed: null } : r)),
          event.data.chargingProfileId,
          (r) => ({ ...r, confirmed: null, outcome: 'none', lastError: null }),
        ),
      );
    }
    case 'ChargingProfileRejectedByCharger':
      return rejected(ledger, event.data, at, caps);
    case 'ChargingProfileWriteFailed':
      return failed(ledger, event.data, at, caps);
    case 'ChargerConfigurationChanged':
      return settle(ledger, event.data.writeId, (l) => l);
    case 'ChargerConfigurationWriteFailed':
      return settle(unsent(lostConnection(ledger, event.data), event.data), event.data.writeId, (l) => l);
  }
}

function rejected(
  ledger: ProfileLedger,
  d: Extract<AnswerEvent, { type: 'ChargingProfileRejectedByCharger' }>['data'],
  at: number,
  caps: LedgerCapabilities,
): ProfileLedger {
  const retryAt = d.retryAt ? Date.parse(d.retryAt) : null;
  const retry = d.retryAt ? `; tried once more at ${d.retryAt} (it may have been the write limit)` : '';
  const lastError = { code: d.status, description: `charger answered ${d.status}${retry}` };
  const rule = caps.writeBudget;
  const device: Partial<ProfileLedger> =
    d.status === 'NotSupported'
      ? { smartChargingMissing: { code: 'NotSupported', description: 'the charger answered NotSupported' } }
      : // L9: a budgeted device's Rejected may be its own write limit: its window counts as full until it frees.
        rule
        ? { budgetClosedUntil: Math.max(ledger.budgetClosedUntil ?? 0, windowFreesAt(ledger.writeTimes, at, rule)) }
        : {};
  return settle({ ...ledger, ...device }, d.writeId, (l) =>
    withProfile(l, d.chargingProfileId, (r) =>
      // L12: NotSupported refuses the device, not the content: the profile stays pending until smart charging is back.
      d.status === 'NotSupported'
        ? { ...r, outcome: stillUnknown(r), lastError }
        : // A refusal of content the CPO has since replaced must not hold back the newer desired state.
          stillWanted(ledger, d.writeId, r)
          ? { ...r, outcome: 'rejected', rejections: r.rejections + 1, retryAt, lastError }
          : { ...r, lastError },
    ),
  );
}

function failed(
  ledger: ProfileLedger,
  d: Extract<AnswerEvent, { type: 'ChargingProfileWriteFailed' }>['data'],
  at: number,
  caps: LedgerCapabilities,
): ProfileLedger {
  const write = ledger.inFlight?.writeId === d.writeId ? ledger.inFlight : null;
  const missingCapability = d.failure === 'call-error' && MISSING_CAPABILITY.has(d.code);
  const outcome = (r: LedgerProfile): WriteResult =>
    // L7: offline or never sent: nothing reached the device, so the change is simply still pending. L12: neither
    // does a write to a charger without smart charging fail for its content.
    d.failure === 'offline' || d.failure === 'not-sent' || missingCapability
      ? stillUnknown(r)
      : !d.outcomeKnown
        ? 'unknown'
        : stillWanted(ledger, d.writeId, r)
          ? 'failed'
          : r.outcome;
  const missing = missingCapability ? { smartChargingMissing: { code: d.code, description: d.description } } : {};
  // L8: a timed-out resend of content the late answer of the write it repeats confirmed while it was out (L11)
  // puts nothing in doubt: a set of the same content can only leave that content on the device.
  const record = ledger.profiles[d.chargingProfileId];
  const repeated = ledger.lastTimedOut;
  const repeat =
    !d.outcomeKnown &&
    !!write?.sent &&
    repeated?.sent != null &&
    repeated.writeId !== d.writeId &&
    sameInstalled(repeated.sent, write.sent) &&
    record?.confirmed != null &&
    record.outcome === 'none' &&
    sameInstalled(record.confirmed, write.sent);
  if (repeat) return settle({ ...ledger, lastTimedOut: null }, d.writeId, (l) => l);
  // L11: remember what a timed-out write carried, so that its late answer can settle it.
  const timedOut =
    d.failure === 'timeout' && write && write.action !== 'ChangeConfiguration'
      ? {
          lastTimedOut: {
            writeId: write.writeId,
            chargingProfileId: write.chargingProfileId,
            action: write.action,
            sent: write.sent,
            clear: write.clear,
            at,
          },
        }
      : {};
  const base = { ...unsent(lostConnection(ledger, d), d), ...missing, ...timedOut };
  return settle(base, d.writeId, (l) =>
    withProfile(
      d.outcomeKnown || !write?.sent ? l : unknownWhereReplaced(l, write.sent, caps),
      d.chargingProfileId,
      (r) => ({ ...r, outcome: outcome(r), lastError: { code: d.code, description: d.description } }),
    ),
  );
}

/**
 * L4: nobody holds the charger's connection: it is offline until it connects again — unless the write went out
 * on a connection the charger has since replaced (an answer about an older connection says nothing about this one).
 */
function lostConnection(ledger: ProfileLedger, d: { writeId: string; failure: string }): ProfileLedger {
  const write = ledger.inFlight;
  const lost = d.failure === 'offline' && write?.writeId === d.writeId && write.connectionId === ledger.connectionId;
  return lost ? { ...ledger, connected: false, connectionId: null } : ledger;
}

/** L7: a write that was never sent never reached the device: its time leaves the budget window. */
function unsent(ledger: ProfileLedger, d: { writeId: string; failure: string }): ProfileLedger {
  const write = ledger.inFlight;
  if (d.failure !== 'not-sent' || write?.writeId !== d.writeId || !write.counted) return ledger;
  const i = ledger.writeTimes.lastIndexOf(write.at);
  return i < 0 ? ledger : { ...ledger, writeTimes: ledger.writeTimes.filter((_, j) => j !== i) };
}
