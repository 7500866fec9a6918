import type { ChargerEvent } from '@chargeplane/contracts-events';
import { replaces, withoutTransaction, type InstalledProfile } from '../installed-profiles.js';
import { pruneWriteTimes } from '../write-budget.js';
import { answerFold, type AnswerEvent } from './fold-answers.js';
import type { LedgerCapabilities, OutstandingWrite, ProfileLedger } from './ledger.js';
import { desireInto, mapRecords, sameInstalled, stillUnknown, withProfile } from './ledger-records.js';

/**
 * Applies one event of a charger's stream to its profile ledger. Pure; the one fold of "what is on the
 * charger" (docs/domain/profile-ledger.md, rules L1–L15). Events that say nothing about profiles, writes,
 * connections or transactions leave the ledger as it was.
 */
export function evolveLedger(ledger: ProfileLedger, event: ChargerEvent, caps: LedgerCapabilities): ProfileLedger {
  switch (event.type) {
    case 'ChargerRegistered':
    case 'ChargerCredentialsRehashed':
    case 'ChargerConfigurationDesired':
    case 'ChargingProfileRefused':
      return ledger;
    case 'ChargerConnected':
      // L4: a new connection; writes answered about older ones never touch it.
      return { ...ledger, connected: true, connectionId: event.data.connectionId };
    case 'ChargerDisconnected':
      // L4: only the close of the current connection takes the charger offline.
      return event.data.connectionId === ledger.connectionId
        ? { ...ledger, connected: false, connectionId: null }
        : ledger;
    case 'ChargerBooted':
      return { ...ledger, rebootedSinceMissing: ledger.smartChargingMissing !== null };
    case 'ChargerConfigurationReported':
      return configurationReported(ledger, event.data.values);
    case 'TransactionStarted': {
      const { connectorId, transactionId, startedAt } = event.data;
      const others = ledger.transactions.filter((t) => t.connectorId !== connectorId);
      return { ...ledger, transactions: [...others, { connectorId, transactionId, startedAt }] };
    }
    case 'TransactionStopped':
      return transactionStopped(ledger, event.data.transactionId);
    case 'ChargingProfileDesired':
      return desireInto(ledger, { connectorId: event.data.connectorId, profile: event.data.chargingProfile }, caps);
    case 'ChargingProfileRemovalDesired':
      // L3
      return withProfile(ledger, event.data.chargingProfileId, (r) => ({
        ...r,
        desired: null,
        outcome: stillUnknown(r),
        lastError: null,
        rejections: 0,
        retryAt: null,
      }));
    case 'ChargingProfileWriteDispatched': {
      const d = event.data;
      const write: OutstandingWrite =
        d.action === 'SetChargingProfile'
          ? dispatch(event.occurredAt, d, { connectorId: d.request.connectorId, profile: d.request.csChargingProfiles })
          : { ...dispatch(event.occurredAt, d, null), clear: d.request };
      // A retry of a refused write uses up its one retry (L9).
      const retried = withProfile(ledger, d.chargingProfileId, (r) =>
        r.outcome === 'rejected' ? { ...r, retryAt: null } : r,
      );
      return counted({ ...retried, lastTimedOut: stillLate(ledger, write, caps) }, write, caps);
    }
    case 'ChargerConfigurationWriteDispatched': {
      const d = event.data;
      const write: OutstandingWrite = {
        ...dispatch(
          event.occurredAt,
          { writeId: d.writeId, chargingProfileId: -1, action: 'ChangeConfiguration' },
          null,
        ),
        configuration: { key: d.key, value: d.value },
        counted: d.countsAsWrite,
      };
      return counted(ledger, write, caps);
    }
    case 'ChargingProfileWriteDeferred':
      // L13: a closed device gate, or the budget deferral in force (awaiting-connection is derived from L4).
      if (event.data.reason === 'device-not-ready')
        return { ...ledger, blockedBy: event.data.detail ?? 'device-not-ready' };
      if (event.data.reason === 'write-budget')
        return { ...ledger, deferredUntil: event.data.until ? Date.parse(event.data.until) : null };
      return ledger;
    case 'ChargingProfileAccepted':
    case 'ChargingProfileCleared':
    case 'ChargingProfileRejectedByCharger':
    case 'ChargingProfileWriteFailed':
    case 'ChargerConfigurationChanged':
    case 'ChargerConfigurationWriteFailed':
      return answerFold(ledger, event satisfies AnswerEvent, caps);
  }
}

function dispatch(
  occurredAt: string,
  d: { writeId: string; chargingProfileId: number; action: OutstandingWrite['action'] },
  sent: InstalledProfile | null,
): OutstandingWrite {
  return {
    writeId: d.writeId,
    chargingProfileId: d.chargingProfileId,
    action: d.action,
    at: Date.parse(occurredAt),
    counted: true,
    sent,
    clear: null,
    connectionId: null,
  };
}

/** L10: a dispatched write is outstanding on the current connection and, when the device counts it, in the budget. */
function counted(ledger: ProfileLedger, write: OutstandingWrite, caps: LedgerCapabilities): ProfileLedger {
  const rule = caps.writeBudget;
  const kept = rule ? pruneWriteTimes(ledger.writeTimes, write.at, rule) : [];
  return {
    ...ledger,
    writeTimes: write.counted ? [...kept, write.at] : kept,
    inFlight: { ...write, connectionId: ledger.connectionId },
    deferredUntil: null,
  };
}

/**
 * L11: a late answer to the timed-out write may only settle it while nothing sent since can have changed
 * what it installed: a write of the same id with other content, or one that replaces its content, ends that.
 * A resend of the same content does not: whichever of the two the charger stored, it holds that content.
 */
function stillLate(ledger: ProfileLedger, write: OutstandingWrite, caps: LedgerCapabilities) {
  const late = ledger.lastTimedOut;
  if (!late) return null;
  const resend = write.sent !== null && late.sent !== null && sameInstalled(write.sent, late.sent);
  if (resend) return late;
  const overtaken =
    write.chargingProfileId === late.chargingProfileId ||
    (write.sent !== null && late.sent !== null && replaces(late.sent, write.sent, caps)) ||
    write.clear !== null;
  return overtaken ? null : late;
}

/** L14: profiles of a finished transaction leave the device (Q10), and nobody wants them any more. */
function transactionStopped(ledger: ProfileLedger, transactionId: number): ProfileLedger {
  const ended = (p: InstalledProfile | null) =>
    p !== null && withoutTransaction([p], transactionId).length === 0 ? null : p;
  const cleaned = mapRecords(ledger, (r) => {
    const desired = ended(r.desired);
    const confirmed = ended(r.confirmed);
    const gone = desired !== r.desired || confirmed !== r.confirmed;
    return gone ? { ...r, desired, confirmed, outcome: 'none', lastError: null, retryAt: null } : r;
  });
  return { ...cleaned, transactions: ledger.transactions.filter((t) => t.transactionId !== transactionId) };
}

/**
 * A configuration read opens the device gates for a new look (L13). It restores smart charging after the
 * charger said it has none (L12) only when the charger rebooted since and now lists SmartCharging among its
 * feature profiles: a reconnect alone does not change firmware.
 */
function configurationReported(ledger: ProfileLedger, values: Record<string, string>): ProfileLedger {
  const features = values['SupportedFeatureProfiles']?.split(',').map((f) => f.trim());
  const restored = ledger.rebootedSinceMissing && features?.includes('SmartCharging') === true;
  return {
    ...ledger,
    blockedBy: null,
    ...(restored ? { smartChargingMissing: null, rebootedSinceMissing: false } : {}),
  };
}
