import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { refusal, type Refusal } from './refusal.js';

const oneDecimal = (n: number) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9;
const RECURRENCE_SECONDS = { Daily: 86_400, Weekly: 604_800 } as const;
/** OCPP integers are 32-bit on the charger (V3). */
export const INT32_MAX = 2_147_483_647;
const inInt32 = (n: number, min = 0) => Number.isInteger(n) && n >= min && n <= INT32_MAX;

/** OCPP 1.6 rules every charger applies (V3–V14), checked before anything is sent. */
export function checkOcppRules(connectorId: number, p: ChargingProfile): Refusal | null {
  return checkRanges(connectorId, p) ?? checkSchedule(connectorId, p);
}

/** V3, V5 and the phase count (§3.6): every number within what the charger can hold and what makes sense. */
function checkRanges(connectorId: number, p: ChargingProfile): Refusal | null {
  const ids = { chargingProfileId: p.chargingProfileId, connectorId, transactionId: p.transactionId };
  for (const [field, value] of Object.entries(ids)) {
    if (value !== undefined && !inInt32(value)) {
      return refusal(
        'ID_OUT_OF_RANGE',
        `${field} must be a whole number from 0 to ${INT32_MAX}; ${value} is outside what a charger can hold.`,
        { field, value },
      );
    }
  }
  if (!inInt32(p.stackLevel)) {
    return refusal(
      'STACK_LEVEL_OUT_OF_RANGE',
      `stackLevel must be a whole number from 0 to ${INT32_MAX}, not ${p.stackLevel}.`,
      { stackLevel: p.stackLevel },
    );
  }
  const s = p.chargingSchedule;
  if (s.duration !== undefined && !inInt32(s.duration, 1)) {
    return refusal(
      'DURATION_OUT_OF_RANGE',
      `The schedule's duration must be at least 1 s (and at most ${INT32_MAX} s), not ${s.duration} s; leave it out for a schedule without end.`,
      { duration: s.duration },
    );
  }
  const periods = s.chargingSchedulePeriod;
  const late = periods.findIndex((x) => !inInt32(x.startPeriod));
  if (late >= 0) {
    return refusal(
      'START_PERIOD_OUT_OF_RANGE',
      `Period ${late + 1} starts at ${periods[late]!.startPeriod} s; a period starts from 0 to ${INT32_MAX} s into the schedule.`,
      { index: late, startPeriod: periods[late]!.startPeriod },
    );
  }
  const negative = periods.findIndex((x) => x.limit < 0);
  if (negative >= 0) {
    return refusal(
      'LIMIT_NEGATIVE',
      `Limits cannot be negative; period ${negative + 1} has ${periods[negative]!.limit} ${s.chargingRateUnit}. Use 0 to stop charging.`,
      { index: negative, limit: periods[negative]!.limit },
    );
  }
  if (s.minChargingRate !== undefined && s.minChargingRate < 0) {
    return refusal('LIMIT_NEGATIVE', `minChargingRate cannot be negative, not ${s.minChargingRate}.`, {
      minChargingRate: s.minChargingRate,
    });
  }
  const phases = periods.findIndex((x) => x.numberPhases !== undefined && ![1, 2, 3].includes(x.numberPhases));
  if (phases >= 0) {
    return refusal(
      'NUMBER_PHASES_OUT_OF_RANGE',
      `numberPhases is 1, 2 or 3; period ${phases + 1} has ${periods[phases]!.numberPhases}.`,
      { index: phases, numberPhases: periods[phases]!.numberPhases },
    );
  }
  return null;
}

/** V4, V5 (precision), V9–V14: the schedule's shape, its kind and its validity. */
function checkSchedule(connectorId: number, p: ChargingProfile): Refusal | null {
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
