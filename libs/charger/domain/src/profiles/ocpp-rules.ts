import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { refusal, type Refusal } from './refusal.js';

const oneDecimal = (n: number) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;
const RECURRENCE_SECONDS = { Daily: 86_400, Weekly: 604_800 } as const;

/** OCPP 1.6 rules every charger applies (SMART-CHARGING.md §5, V3–V14), checked before anything is sent. */
export function checkOcppRules(connectorId: number, p: ChargingProfile): Refusal | null {
  const s = p.chargingSchedule;
  const periods = s.chargingSchedulePeriod;
  if (periods.length === 0) return refusal('NO_PERIODS', 'The schedule has no periods; it needs at least one.');
  if (periods[0]!.startPeriod !== 0) {
    return refusal(
      'FIRST_PERIOD_NOT_ZERO',
      `The first period must start at 0 s, not ${periods[0]!.startPeriod} s; chargers reject a schedule with a gap at its start.`,
      {
        startPeriod: periods[0]!.startPeriod,
      },
    );
  }
  for (let i = 1; i < periods.length; i++) {
    if (periods[i]!.startPeriod <= periods[i - 1]!.startPeriod) {
      return refusal(
        'PERIODS_NOT_INCREASING',
        `Period ${i + 1} starts at ${periods[i]!.startPeriod} s, not after the previous one (${periods[i - 1]!.startPeriod} s).`,
        { index: i },
      );
    }
  }
  const bad = periods.findIndex((x) => !oneDecimal(x.limit));
  if (bad >= 0)
    return refusal(
      'LIMIT_PRECISION',
      `Limits may have at most one decimal; period ${bad + 1} has ${periods[bad]!.limit}.`,
      { index: bad },
    );
  if (s.minChargingRate !== undefined && !oneDecimal(s.minChargingRate)) {
    return refusal('LIMIT_PRECISION', `minChargingRate may have at most one decimal, not ${s.minChargingRate}.`);
  }
  if ((p.chargingProfileKind === 'Recurring') !== (p.recurrencyKind !== undefined)) {
    return refusal(
      'RECURRENCY_KIND_MISMATCH',
      'recurrencyKind must be given exactly when chargingProfileKind is Recurring.',
    );
  }
  if (p.chargingProfileKind !== 'Relative' && s.startSchedule === undefined) {
    return refusal(
      'START_SCHEDULE_REQUIRED',
      `${p.chargingProfileKind} profiles need a startSchedule (UTC) to anchor their periods.`,
    );
  }
  if (p.chargingProfileKind === 'Recurring' && p.recurrencyKind) {
    const max = RECURRENCE_SECONDS[p.recurrencyKind];
    const last = periods.at(-1)!.startPeriod;
    if (s.duration === undefined || s.duration > max || last >= s.duration) {
      return refusal(
        'RECURRING_DURATION_INVALID',
        `A ${p.recurrencyKind} profile needs a duration of at most ${max} s that is longer than its last period's start (${last} s).`,
        {
          duration: s.duration ?? null,
          maxDuration: max,
        },
      );
    }
  }
  if (p.validFrom && p.validTo && Date.parse(p.validFrom) >= Date.parse(p.validTo)) {
    return refusal('VALIDITY_WINDOW_INVALID', 'validFrom must be before validTo.');
  }
  if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && connectorId !== 0) {
    return refusal(
      'CONNECTOR_PURPOSE_MISMATCH',
      'A ChargePointMaxProfile applies to the whole charger: use connector 0.',
      { connectorId },
    );
  }
  if (p.chargingProfilePurpose === 'TxProfile' && connectorId === 0) {
    return refusal(
      'CONNECTOR_PURPOSE_MISMATCH',
      'A TxProfile belongs to a transaction on a connector: use a connector above 0.',
      { connectorId },
    );
  }
  if (p.chargingProfilePurpose !== 'TxProfile' && p.transactionId !== undefined) {
    return refusal('TRANSACTION_ID_ON_NON_TX_PROFILE', 'Only a TxProfile may carry a transactionId.');
  }
  return null;
}
