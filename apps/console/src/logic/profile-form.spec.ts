import { ProfileRefusalCode } from '@chargeplane/contracts-api';
import { fieldErrorsOfApi } from './api-errors.js';
import {
  emptyProfileForm,
  fieldOfPath,
  formToBody,
  profileToForm,
  refusalField,
  validateProfileForm,
} from './profile-form.js';

const start = '2026-03-02T06:00:00.000Z';

describe('profile form validation (the API schema, errors at their fields)', () => {
  it('turns a valid form into the PUT body the API takes', () => {
    const result = validateProfileForm({ ...emptyProfileForm(start), chargingProfileId: '7', connectorId: '1' });
    expect(result).toEqual({
      ok: true,
      chargingProfileId: 7,
      body: {
        connectorId: 1,
        chargingProfile: {
          chargingProfileId: 7,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: {
            startSchedule: start,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
          },
        },
      },
    });
  });

  it('puts each schema error at the field it concerns, before anything is sent', () => {
    const values = emptyProfileForm(start);
    const result = validateProfileForm({
      ...values,
      chargingProfileId: '',
      stackLevel: 'x',
      periods: [{ startPeriod: '0', limit: 'abc', numberPhases: '1.5' }],
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    expect(Object.keys(errors).sort()).toEqual([
      'chargingProfileId',
      'periods.0.limit',
      'periods.0.numberPhases',
      'stackLevel',
    ]);
  });

  it('round-trips a stored profile through the form', () => {
    const ok = validateProfileForm({
      ...emptyProfileForm(start),
      kind: 'Recurring',
      recurrencyKind: 'Daily',
      duration: '86400',
    });
    if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
    const back = profileToForm(ok.body.connectorId, ok.body.chargingProfile);
    expect(formToBody(back).body).toEqual(ok.body);
  });

  it('maps body paths to fields', () => {
    expect(fieldOfPath('chargingProfile.chargingSchedule.chargingSchedulePeriod.2.limit')).toBe('periods.2.limit');
    expect(fieldOfPath(['chargingProfile', 'chargingSchedule', 'chargingRateUnit'])).toBe('unit');
    expect(fieldOfPath(['chargingProfile', 'chargingSchedule', 'chargingSchedulePeriod'])).toBe('periods');
    expect(fieldOfPath(['connectorId'])).toBe('connectorId');
    expect(fieldOfPath(['somethingElse'])).toBe('_form');
  });
});

describe("the API's 422 at the field", () => {
  it('shows a refusal at the field its code concerns, with the code', () => {
    expect(
      fieldErrorsOfApi(422, { code: 'FIRST_PERIOD_NOT_ZERO', message: 'the first period starts at 0', details: {} }),
    ).toEqual({
      'periods.0.startPeriod': 'FIRST_PERIOD_NOT_ZERO: the first period starts at 0',
    });
    expect(fieldErrorsOfApi(422, { code: 'SLOTS_EXCEEDED', message: 'full', details: {} })).toEqual({
      chargingProfileId: 'SLOTS_EXCEEDED: full',
    });
  });

  it("shows a VALIDATION_FAILED's issues at their fields, and anything else above the form", () => {
    const body = {
      code: 'VALIDATION_FAILED',
      message: 'bad',
      details: { issues: [{ path: 'chargingProfile.stackLevel', message: 'Too big' }] },
    };
    expect(fieldErrorsOfApi(422, body)).toEqual({ stackLevel: 'Too big' });
    expect(fieldErrorsOfApi(503, { code: 'UNAVAILABLE', message: 'try again', details: {} })).toEqual({
      _form: 'UNAVAILABLE: try again',
    });
  });

  it('knows a field for every refusal code the API may answer', () => {
    expect(Object.keys(refusalField).sort()).toEqual([...ProfileRefusalCode.options].sort());
  });
});
