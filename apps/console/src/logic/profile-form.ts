import { PutChargingProfileBody, type ProfileRefusalCode } from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';

/** What the profile form holds: strings as typed, turned into a request body only by `validateProfileForm`. */
export interface PeriodValues {
  startPeriod: string;
  limit: string;
  numberPhases: string;
}
export interface ProfileFormValues {
  chargingProfileId: string;
  connectorId: string;
  stackLevel: string;
  purpose: ChargingProfile['chargingProfilePurpose'];
  kind: ChargingProfile['chargingProfileKind'];
  recurrencyKind: '' | 'Daily' | 'Weekly';
  startSchedule: string;
  unit: 'A' | 'W';
  duration: string;
  validFrom: string;
  validTo: string;
  transactionId: string;
  periods: PeriodValues[];
}

/** A form field an error belongs to: a name above, `periods.<i>.<name>`, `periods`, or `_form` (the whole form). */
export type FieldErrors = Record<string, string>;

/** A new profile: Absolute from `startSchedule` (the caller's now, to the minute), 16 A on the whole charger. */
export const emptyProfileForm = (startSchedule: string): ProfileFormValues => ({
  chargingProfileId: '1',
  connectorId: '0',
  stackLevel: '0',
  purpose: 'TxDefaultProfile',
  kind: 'Absolute',
  recurrencyKind: '',
  startSchedule,
  unit: 'A',
  duration: '',
  validFrom: '',
  validTo: '',
  transactionId: '',
  periods: [{ startPeriod: '0', limit: '16', numberPhases: '' }],
});

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
const instant = (s: string): string | undefined => {
  if (s.trim() === '') return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? s : new Date(ms).toISOString();
};

/** The request body the form stands for (unvalidated: empty optional fields are left out). */
export function formToBody(values: ProfileFormValues): { chargingProfileId: number | undefined; body: unknown } {
  const chargingProfileId = num(values.chargingProfileId);
  const strip = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const chargingProfile = strip({
    chargingProfileId,
    stackLevel: num(values.stackLevel),
    chargingProfilePurpose: values.purpose,
    chargingProfileKind: values.kind,
    recurrencyKind: values.recurrencyKind || undefined,
    transactionId: num(values.transactionId),
    validFrom: instant(values.validFrom),
    validTo: instant(values.validTo),
    chargingSchedule: strip({
      duration: num(values.duration),
      startSchedule: instant(values.startSchedule),
      chargingRateUnit: values.unit,
      chargingSchedulePeriod: values.periods.map((p) =>
        strip({ startPeriod: num(p.startPeriod), limit: num(p.limit), numberPhases: num(p.numberPhases) }),
      ),
    }),
  });
  return { chargingProfileId, body: { connectorId: num(values.connectorId), chargingProfile } };
}

/** The form's values of a stored profile (to edit it). */
export function profileToForm(connectorId: number, p: ChargingProfile): ProfileFormValues {
  const s = p.chargingSchedule;
  return {
    chargingProfileId: String(p.chargingProfileId),
    connectorId: String(connectorId),
    stackLevel: String(p.stackLevel),
    purpose: p.chargingProfilePurpose,
    kind: p.chargingProfileKind,
    recurrencyKind: p.recurrencyKind ?? '',
    startSchedule: s.startSchedule ?? '',
    unit: s.chargingRateUnit,
    duration: s.duration === undefined ? '' : String(s.duration),
    validFrom: p.validFrom ?? '',
    validTo: p.validTo ?? '',
    transactionId: p.transactionId === undefined ? '' : String(p.transactionId),
    periods: s.chargingSchedulePeriod.map((x) => ({
      startPeriod: String(x.startPeriod),
      limit: String(x.limit),
      numberPhases: x.numberPhases === undefined ? '' : String(x.numberPhases),
    })),
  };
}

const topFields: Record<string, string> = {
  chargingProfileId: 'chargingProfileId',
  stackLevel: 'stackLevel',
  chargingProfilePurpose: 'purpose',
  chargingProfileKind: 'kind',
  recurrencyKind: 'recurrencyKind',
  transactionId: 'transactionId',
  validFrom: 'validFrom',
  validTo: 'validTo',
};
const scheduleFields: Record<string, string> = {
  duration: 'duration',
  startSchedule: 'startSchedule',
  chargingRateUnit: 'unit',
};

/** The form field of a path into the request body (`chargingProfile.chargingSchedule.chargingSchedulePeriod.0.limit`). */
export function fieldOfPath(path: readonly PropertyKey[] | string): string {
  const parts = typeof path === 'string' ? path.split('.').filter(Boolean) : path.map(String);
  if (parts[0] === 'connectorId') return 'connectorId';
  if (parts[0] !== 'chargingProfile') return '_form';
  if (parts[1] !== 'chargingSchedule') return topFields[parts[1] ?? ''] ?? '_form';
  if (parts[2] === 'chargingSchedulePeriod') {
    const [index, name] = [parts[3], parts[4]];
    return index === undefined || name === undefined ? 'periods' : `periods.${index}.${name}`;
  }
  return scheduleFields[parts[2] ?? ''] ?? '_form';
}

/**
 * Validates the form with the API's own schema (`PutChargingProfileBody` of libs/contracts/api): the errors are
 * the ones the API would answer, each at its field, before anything is sent.
 */
export function validateProfileForm(
  values: ProfileFormValues,
): { ok: true; chargingProfileId: number; body: PutChargingProfileBody } | { ok: false; errors: FieldErrors } {
  const { chargingProfileId, body } = formToBody(values);
  const parsed = PutChargingProfileBody.safeParse(body);
  if (parsed.success && chargingProfileId !== undefined) return { ok: true, chargingProfileId, body: parsed.data };
  return { ok: false, errors: parsed.success ? {} : errorsOfIssues(parsed.error.issues) };
}

/** Field errors of zod issues (from the browser's parse, or a 422 VALIDATION_FAILED's `details.issues`). */
export function errorsOfIssues(
  issues: readonly { path: readonly PropertyKey[] | string; message: string }[],
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOfPath(issue.path);
    errors[field] = errors[field] ? `${errors[field]}; ${issue.message}` : issue.message;
  }
  return errors;
}

/** The field each refusal of the API concerns (a 422 with a ProfileRefusalCode). */
export const refusalField: Record<ProfileRefusalCode, string> = {
  NO_PERIODS: 'periods',
  FIRST_PERIOD_NOT_ZERO: 'periods.0.startPeriod',
  PERIODS_NOT_INCREASING: 'periods',
  LIMIT_PRECISION: 'periods',
  RECURRENCY_KIND_MISMATCH: 'recurrencyKind',
  START_SCHEDULE_REQUIRED: 'startSchedule',
  RECURRING_DURATION_INVALID: 'duration',
  VALIDITY_WINDOW_INVALID: 'validTo',
  CONNECTOR_PURPOSE_MISMATCH: 'connectorId',
  TRANSACTION_ID_ON_NON_TX_PROFILE: 'transactionId',
  STACK_LEVEL_TOO_HIGH: 'stackLevel',
  RATE_UNIT_NOT_SUPPORTED: 'unit',
  PURPOSE_NOT_SUPPORTED: 'purpose',
  KIND_NOT_SUPPORTED: 'kind',
  TOO_MANY_PERIODS: 'periods',
  TOO_MANY_PROFILES: 'chargingProfileId',
  SLOTS_EXCEEDED: 'chargingProfileId',
  FIRMWARE_TOO_OLD: '_form',
  COMMERCIAL_MODE_OFF: '_form',
  SMART_CHARGING_NOT_SUPPORTED: '_form',
  NO_ACTIVE_TRANSACTION: 'transactionId',
  TRANSACTION_ID_MISMATCH: 'transactionId',
  ID_OUT_OF_RANGE: 'chargingProfileId',
  STACK_LEVEL_OUT_OF_RANGE: 'stackLevel',
  DURATION_OUT_OF_RANGE: 'duration',
  START_PERIOD_OUT_OF_RANGE: 'periods',
  LIMIT_NEGATIVE: 'periods',
  NUMBER_PHASES_OUT_OF_RANGE: 'periods',
  CONNECTOR_NOT_ON_DEVICE: 'connectorId',
  FIRMWARE_UNKNOWN: '_form',
  COMMERCIAL_MODE_UNKNOWN: '_form',
  CONFIGURATION_READ_FAILED: '_form',
};
