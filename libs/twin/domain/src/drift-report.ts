import type { TwinDriftReport } from '@chargeplane/contracts-events';
import { capabilitiesFor, installedOf, type RateUnit } from '@chargeplane/smart-charging-domain';
import { convertLimit, expectedComposite, type CompositeInput } from './expected-composite.js';
import { scheduleDifferences } from './schedule-drift.js';
import type { TwinDoc } from './twin-doc.js';

/** The free reads a drift check makes: GetConfiguration of the keys the twin holds, GetCompositeSchedule of connector 1 for a day. */
export interface DriftReads {
  configurationKeys: string[];
  composite: { connectorId: number; duration: number; chargingRateUnit: RateUnit };
}

export type ConfigurationAnswer =
  | { kind: 'answered'; values: readonly { key: string; value?: string | undefined }[]; unknownKeys: readonly string[] }
  | { kind: 'unavailable'; reason: string };

/** A GetCompositeSchedule answer read leniently: missing parts are null or empty, never invented. */
export type CompositeAnswer =
  | {
      kind: 'answered';
      status: 'Accepted' | 'Rejected';
      scheduleStart: string | null;
      unit: RateUnit | null;
      durationSeconds: number | null;
      periods: readonly { startPeriod: number; limit: number; numberPhases?: number | undefined }[];
    }
  | { kind: 'unavailable'; reason: string };

/** Both sides round to one decimal; this absorbs float noise, not real differences. */
const LIMIT_TOLERANCE = 0.05;

export function driftReadsFor(doc: TwinDoc): DriftReads {
  const caps = capabilitiesFor(doc.model, doc.configuration);
  const units = new Set(installedOf(doc.ledger).map((p) => p.profile.chargingSchedule.chargingRateUnit));
  const only = units.size === 1 ? [...units][0]! : null;
  const unit = only && caps.rateUnits.includes(only) ? only : (caps.rateUnits[0] ?? 'A');
  return {
    configurationKeys: Object.keys(doc.configuration).sort(),
    composite: { connectorId: 1, duration: 86_400, chargingRateUnit: unit },
  };
}

function compositeInput(doc: TwinDoc, reads: DriftReads, fromMs: number): CompositeInput {
  const connectorId = reads.composite.connectorId;
  const tx = doc.ledger.transactions.find((t) => t.connectorId === connectorId);
  return {
    profiles: installedOf(doc.ledger),
    connectorId,
    fromMs,
    unit: reads.composite.chargingRateUnit,
    transaction: tx ? { transactionId: tx.transactionId, startedAtMs: Date.parse(tx.startedAt) } : null,
  };
}

function configurationDrift(doc: TwinDoc, answer: ConfigurationAnswer): TwinDriftReport['configuration'] {
  const keys = Object.keys(doc.configuration).sort();
  if (keys.length === 0)
    return { status: 'not-compared', reason: 'the twin holds no configuration yet', compared: 0, differences: [] };
  if (answer.kind === 'unavailable')
    return { status: 'not-compared', reason: answer.reason, compared: 0, differences: [] };
  // Keys are matched case-insensitively: chargers differ in how they spell them back.
  const reported = new Map(answer.values.map((v) => [v.key.toLowerCase(), v.value ?? null]));
  const differences = keys.flatMap((key) => {
    const device = reported.get(key.toLowerCase()) ?? null;
    const twin = doc.configuration[key]!;
    return device === twin ? [] : [{ key, twin, device }];
  });
  return { status: differences.length > 0 ? 'mismatch' : 'match', reason: null, compared: keys.length, differences };
}

/** RandomSmartChargeDelay (seconds) when the charger applies one itself: its changes may come that much later. */
function settleSecondsOf(doc: TwinDoc): number {
  const raw = doc.configuration['RandomSmartChargeDelay']?.trim();
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0;
}

function scheduleDrift(
  doc: TwinDoc,
  reads: DriftReads,
  answer: CompositeAnswer,
  askedAtMs: number,
): TwinDriftReport['schedule'] {
  const { connectorId, duration, chargingRateUnit: unit } = reads.composite;
  const startMs =
    answer.kind === 'answered' && answer.scheduleStart !== null
      ? Date.parse(answer.scheduleStart)
      : Math.floor(askedAtMs / 1000) * 1000;
  const input = compositeInput(doc, reads, startMs);
  const horizon =
    answer.kind === 'answered' && answer.durationSeconds !== null
      ? Math.min(answer.durationSeconds, duration)
      : duration;
  const base = {
    connectorId,
    durationSeconds: horizon,
    unit,
    scheduleStart: new Date(startMs).toISOString(),
    expected: expectedComposite(input, horizon),
    differences: [],
  };
  if (answer.kind === 'unavailable') return { ...base, status: 'not-compared', reason: answer.reason, reported: null };
  // Until its answer arrives, a dispatched write may or may not be on the charger: either schedule is right.
  const outstanding = doc.ledger.inFlight;
  if (outstanding && outstanding.action !== 'ChangeConfiguration')
    return { ...base, status: 'not-compared', reason: 'a write to the charger is awaiting its answer', reported: null };
  if (answer.status === 'Rejected')
    return {
      ...base,
      status: 'not-compared',
      reason: 'the charger answered GetCompositeSchedule with Rejected',
      reported: null,
    };
  if (answer.periods.length === 0) {
    // zappi answers Accepted with no periods: "no information" (Z18), not "no limit".
    return {
      ...base,
      status: 'no-information',
      reason: 'Accepted with no periods: the charger gives no information',
      reported: [],
    };
  }
  const reportedUnit = answer.unit ?? unit;
  const reported = answer.periods.map((p) => ({
    startPeriod: p.startPeriod,
    limit: Math.round(convertLimit(p.limit, reportedUnit, unit, p.numberPhases) * 10) / 10,
  }));
  const differences = scheduleDifferences(
    input,
    { unit: reportedUnit, durationSeconds: horizon, periods: answer.periods },
    { settleSeconds: settleSecondsOf(doc), tolerance: LIMIT_TOLERANCE },
  );
  return { ...base, status: differences.length > 0 ? 'mismatch' : 'match', reason: null, reported, differences };
}

/** Where the twin and the charger disagree, from the charger's answers to the reads of `driftReadsFor`. */
export function driftReport(
  doc: TwinDoc,
  reads: DriftReads,
  answers: { configuration: ConfigurationAnswer; composite: CompositeAnswer },
  askedAtMs: number,
  checkedAt: string,
): TwinDriftReport {
  const configuration = configurationDrift(doc, answers.configuration);
  const schedule = scheduleDrift(doc, reads, answers.composite, askedAtMs);
  const outcome =
    configuration.status === 'mismatch' || schedule.status === 'mismatch'
      ? 'drift'
      : configuration.status === 'match' || schedule.status === 'match'
        ? 'in-agreement'
        : 'inconclusive';
  return { chargerId: doc.chargerId, twinVersion: doc.version, checkedAt, outcome, configuration, schedule };
}
